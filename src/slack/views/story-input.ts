import type { ActionDefinition } from "../../factory/types.ts";
import type { AuditEvent } from "../../requests/audit-events.ts";
import type { RequestRecord } from "../../requests/types.ts";

/** What a request's story (request-story.ts) is drawn from, and who is looking. */
export interface RequestStoryInput {
  readonly request: RequestRecord;
  readonly action: ActionDefinition | undefined;
  /** Events of the request and its duplicates (same correlation id), oldest first. */
  readonly events: readonly AuditEvent[];
  /** Request numbers by id, to name the duplicates in the timeline. */
  readonly numbers: ReadonlyMap<string, number>;
  readonly viewerId: string;
  readonly now: Date;
  /** The timeline page to show: it ends before this event (index, oldest first); the latest by default. */
  readonly end?: number;
}
