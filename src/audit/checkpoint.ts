import { createHmac } from "node:crypto";
import canonicalize from "canonicalize";
import { z } from "zod";
import { AppError } from "../core/errors.ts";
import { GENESIS_HASH, sameHex } from "../trail/chain.ts";
import type { AuditKey } from "../trail/key.ts";
import type { AuditProblem } from "./describe.ts";
import type { EventReader } from "./trail-reader.ts";

export const hex = (length: number) =>
  z.string().regex(new RegExp(`^[0-9a-f]{${length}}$`), `must be ${length} lowercase hex digits`);

/**
 * The head of the chain at one moment, signed with the audit key. Kept where the database admins
 * cannot write, it proves later that nothing up to `seq` was removed: the chain alone cannot show
 * that its newest events were cut off.
 */
export const checkpointSchema = z.strictObject({
  version: z.literal(1),
  seq: z.number().int().nonnegative(),
  hash: hex(64),
  /** When the head event was written; null for a checkpoint of an empty trail. */
  at: z.iso.datetime({ offset: true }).nullable(),
  keyId: hex(16),
  signature: hex(64),
});
export type Checkpoint = z.infer<typeof checkpointSchema>;

/** A checkpoint file that cannot be used; the CLI prints it and exits 2. */
export class CheckpointError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("AUDIT.CHECKPOINT_INVALID", message, options);
  }
}

/** The signature over every field but itself; `createCheckpoint` is the usual way to get one. */
export function signCheckpoint(key: AuditKey, fields: Omit<Checkpoint, "signature">): string {
  const text = canonicalize({
    version: fields.version,
    seq: fields.seq,
    hash: fields.hash,
    at: fields.at,
    keyId: fields.keyId,
  });
  if (text === undefined) throw new Error("checkpoint cannot be canonicalized");
  return createHmac("sha256", key.secret).update(text).digest("hex");
}

export async function createCheckpoint(
  trail: Pick<EventReader, "head">,
  key: AuditKey,
): Promise<Checkpoint> {
  const head = await trail.head();
  const fields = {
    version: 1 as const,
    seq: head?.seq ?? 0,
    hash: head?.hash ?? GENESIS_HASH,
    at: head?.at.toISOString() ?? null,
    keyId: key.id,
  };
  return { ...fields, signature: signCheckpoint(key, fields) };
}

/** True when `checkpoint` was signed with `key` and not changed since. */
export function checkCheckpoint(key: AuditKey, checkpoint: Checkpoint): boolean {
  return (
    checkpoint.keyId === key.id && sameHex(signCheckpoint(key, checkpoint), checkpoint.signature)
  );
}

export function parseCheckpoint(text: string): Checkpoint {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CheckpointError(`The checkpoint is not JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return checkpointFrom(json);
}

/** `json` (already parsed) as a checkpoint, or a CheckpointError naming every field wrong. */
export function checkpointFrom(json: unknown): Checkpoint {
  const parsed = checkpointSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (issue) => `${issue.path.join(".") || "(the whole file)"}: ${issue.message}`,
    );
    throw new CheckpointError(`The checkpoint is not valid: ${issues.join("; ")}`);
  }
  return parsed.data;
}

/** What makes `checkpoint` unusable as evidence, before the trail is even read. */
export function checkpointProblem(key: AuditKey, checkpoint: Checkpoint): AuditProblem | null {
  if (checkpoint.keyId !== key.id) {
    return {
      message: `the checkpoint was signed with another audit key (key id ${checkpoint.keyId}, this key is ${key.id})`,
    };
  }
  if (!checkCheckpoint(key, checkpoint)) {
    return {
      message:
        "the checkpoint's signature is not valid (the checkpoint was altered after it was taken)",
    };
  }
  return null;
}
