import type { Clock } from "../../core/clock.ts";
import { describeError } from "../../core/errors.ts";
import type { Logger } from "../../core/logger.ts";
import type { SinkCursorStore, SinkEvents } from "./cursor-store.ts";
import { deliverStep, noObserver, type SinkObserver, type StepResult } from "./deliver-step.ts";
import type { AuditSink } from "./sink.ts";

export interface SinkDeliveryOptions {
  readonly sinks: readonly AuditSink[];
  readonly cursors: SinkCursorStore;
  readonly events: SinkEvents;
  /** This replica, as the leases name it. */
  readonly holder: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly observer?: SinkObserver;
  /** How often an idle sink looks for new events when nothing wakes it; 1 s by default. */
  readonly pollMs?: number;
  /** The first wait after a failure, doubled on each failure after it; 1 s by default. */
  readonly backoffMs?: number;
  /** The longest wait after failures; 5 minutes by default. */
  readonly maxBackoffMs?: number;
  /** How long a lease lasts unless renewed (each step renews it); 60 s by default. */
  readonly leaseMs?: number;
}

/** The wait before the next attempt after `failures` failures in a row. */
export function backoffDelay(failures: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.min(30, Math.max(0, failures - 1)));
}

/**
 * Copies the trail to every sink, each in a loop of its own: at least once, in chain order, from
 * the sink's cursor in the database, so a restart or another replica resumes where delivery
 * stopped. A sink that fails waits longer after each failure (capped), then catches up.
 */
export class SinkDelivery {
  readonly #options: SinkDeliveryOptions;
  readonly #wakers = new Set<() => void>();
  #loops: Promise<void>[] = [];
  #stopping = false;

  constructor(options: SinkDeliveryOptions) {
    this.#options = options;
  }

  get running(): boolean {
    return this.#loops.length > 0 && !this.#stopping;
  }

  start(): void {
    if (this.#loops.length > 0) return;
    this.#stopping = false;
    this.#loops = this.#options.sinks.map((sink) => this.#run(sink));
  }

  /** New events were written: idle sinks look at once instead of at their next poll. */
  wake(): void {
    for (const wake of this.#wakers) wake();
  }

  /** One step for `sink`, outside the loops: for tests and tools. */
  step(sink: AuditSink): Promise<StepResult> {
    const o = this.#options;
    return deliverStep({
      sink,
      cursors: o.cursors,
      events: o.events,
      holder: o.holder,
      clock: o.clock,
      leaseMs: o.leaseMs ?? 60_000,
      observer: o.observer ?? noObserver,
    });
  }

  /** Lets each sink finish the step it is in, gives the leases up and closes the sinks. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.wake();
    await Promise.all(this.#loops);
    this.#loops = [];
    const { sinks, cursors, holder, logger } = this.#options;
    for (const sink of sinks) {
      await cursors.release(sink.name, holder).catch((error: unknown) => {
        logger.warn(`Could not release the lease of audit sink ${sink.name}`, {
          error: describeError(error),
        });
      });
      await sink.close().catch(() => {});
    }
  }

  async #run(sink: AuditSink): Promise<void> {
    const { logger } = this.#options;
    const poll = this.#options.pollMs ?? 1_000;
    const base = this.#options.backoffMs ?? 1_000;
    const max = this.#options.maxBackoffMs ?? 300_000;
    let failures = 0;
    while (!this.#stopping) {
      let result: StepResult;
      try {
        result = await this.step(sink);
      } catch (error) {
        // The database, not the receiver: the cursor is where it was.
        result = { kind: "failed", error: `database: ${describeError(error)}` };
      }
      if (result.kind === "failed") {
        failures += 1;
        const delay = backoffDelay(failures, base, max);
        logger.warn(`Audit sink ${sink.name} failed; next attempt in ${delay} ms`, {
          sink: sink.name,
          failures,
          error: result.error,
        });
        await this.#sleep(delay, false);
        continue;
      }
      if (failures > 0 && (result.kind === "delivered" || result.kind === "more")) {
        logger.info(`Audit sink ${sink.name} delivers again after ${failures} failure(s)`);
        failures = 0;
      }
      if (result.kind === "idle" || result.kind === "busy" || result.kind === "lost") {
        await this.#sleep(poll, true);
      }
    }
  }

  /** Waits `ms`, or less when stopped (or, if `wakeable`, woken). */
  #sleep(ms: number, wakeable: boolean): Promise<void> {
    if (this.#stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wakers.delete(wake);
        resolve();
      };
      const wake = () => {
        if (wakeable || this.#stopping) done();
      };
      const timer = setTimeout(done, ms);
      this.#wakers.add(wake);
    });
  }
}
