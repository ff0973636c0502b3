import canonicalize from "canonicalize";
import type { AuditEvent } from "../requests/audit-events.ts";

/** One thing wrong with the trail, said so that a compliance reviewer can act on it. */
export interface AuditProblem {
  readonly seq?: number;
  readonly requestNumber?: number;
  readonly message: string;
}

/** "event 7 (REQUEST_APPROVED on #3)" */
export function eventLabel(event: Pick<AuditEvent, "seq" | "type" | "requestNumber">): string {
  const on = event.requestNumber === null ? "" : ` on #${event.requestNumber}`;
  return `event ${event.seq} (${event.type}${on})`;
}

const MAX_VALUE_LENGTH = 120;

/** A stored value as a reviewer reads it: bare words stay bare, free text is quoted, long text cut. */
export function formatValue(value: unknown): string {
  let text: string;
  if (value === null || value === undefined) text = "none";
  else if (value instanceof Date) text = value.toISOString();
  else if (typeof value === "string")
    text = /^[\w.:@-]+$/.test(value) ? value : JSON.stringify(value);
  else text = canonicalize(value) ?? String(value);
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}
