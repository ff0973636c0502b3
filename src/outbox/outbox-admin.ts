import type { OutboxMessage, OutboxStatus } from "./outbox-store.ts";

/** A dead message put back in the queue. */
export interface Redriven {
  readonly key: string;
  readonly recipient: string;
  readonly requestNumber: number | null;
  readonly lastError: string | null;
}

export type RedriveOutcome =
  | { readonly ok: true; readonly redriven: readonly Redriven[] }
  /** Some keys named are not dead messages: nothing was changed. */
  | { readonly ok: false; readonly notDead: readonly { key: string; status: string | null }[] };

/** What an operator does with the outbox from the command line: look, and send dead ones again. */
export interface OutboxAdmin {
  counts(): Promise<Record<OutboxStatus, number>>;
  /** Messages by status, newest first. */
  list(filter: { status?: OutboxStatus; limit: number }): Promise<OutboxMessage[]>;
  /**
   * Puts dead messages (`keys`, or every one) back in the queue, each with an OUTBOX_REDRIVEN
   * event on its request's trail. All or nothing.
   */
  redrive(
    which: { readonly keys: readonly string[] } | "all",
    input: { readonly at: Date; readonly operator: string },
  ): Promise<RedriveOutcome>;
}
