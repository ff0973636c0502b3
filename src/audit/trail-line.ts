import { z } from "zod";
import type { JsonObject } from "../core/json.ts";
import { AUDIT_EVENT_TYPES, type AuditEvent } from "../requests/audit-events.ts";
import { REQUEST_STATUSES } from "../requests/status.ts";
import { type Checkpoint, checkpointSchema, hex } from "./checkpoint.ts";

/*
 * One line of an exported or received trail (`audit export --format jsonl`, or a sink): an event
 * as `eventJson` writes it, or a checkpoint as `{"kind":"checkpoint",…}`. Every field of an event
 * is required and nothing else is allowed: a field the seal does not cover cannot ride along.
 */

const status = z.enum(REQUEST_STATUSES).nullable();

const eventLineSchema = z.strictObject({
  seq: z.number().int().positive(),
  id: z.string().min(1),
  type: z.enum(AUDIT_EVENT_TYPES),
  requestId: z.string().nullable(),
  requestNumber: z.number().int().positive().nullable(),
  correlationId: z.string().nullable(),
  causationId: z.string().nullable(),
  actor: z.string(),
  fromStatus: status,
  toStatus: status,
  // Exactly what toISOString writes, so the instant hashed is the instant written.
  at: z.iso.datetime({ precision: 3 }),
  details: z.record(z.string(), z.json()),
  keyId: hex(16),
  prevHash: hex(64),
  hash: hex(64),
});

export type TrailLine =
  | { readonly kind: "event"; readonly event: AuditEvent }
  | { readonly kind: "checkpoint"; readonly checkpoint: Checkpoint }
  | { readonly kind: "blank" }
  /** Not JSON at all: when it is the last line, the file was cut off in the middle of it. */
  | { readonly kind: "not-json"; readonly message: string }
  | { readonly kind: "invalid"; readonly message: string };

/** Reads one line; never throws, so the caller can name the line and what is wrong with it. */
export function parseTrailLine(text: string): TrailLine {
  if (text.trim() === "") return { kind: "blank" };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { kind: "not-json", message: `it is not JSON (${(error as Error).message})` };
  }
  if (isObject(json) && "kind" in json) {
    const { kind, ...fields } = json;
    if (kind !== "checkpoint") {
      return { kind: "invalid", message: `its kind is ${JSON.stringify(kind)}, not "checkpoint"` };
    }
    const parsed = checkpointSchema.safeParse(fields);
    if (!parsed.success) return { kind: "invalid", message: `not a checkpoint: ${issues(parsed)}` };
    return { kind: "checkpoint", checkpoint: parsed.data };
  }
  const parsed = eventLineSchema.safeParse(json);
  if (!parsed.success) return { kind: "invalid", message: `not an audit event: ${issues(parsed)}` };
  const { at, details, ...rest } = parsed.data;
  return {
    kind: "event",
    event: { ...rest, at: new Date(at), details: details as JsonObject },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function issues(failed: { error: z.ZodError }): string {
  return failed.error.issues
    .map((issue) => `${issue.path.join(".") || "(the whole line)"}: ${issue.message}`)
    .join("; ");
}
