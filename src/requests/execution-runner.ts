import { describeError } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";
import type { RequestService } from "./request-service.ts";
import type { RequestRecord } from "./types.ts";

/**
 * Runs approved requests in the background: started by run-approved.ts as the approval commits,
 * and by the sweep for what never started. The service's compare-and-set makes a request run once however many callers (double
 * clicks, replicas, a resume after restart) ask for it.
 */
export class ExecutionRunner {
  readonly #requests: RequestService;
  readonly #logger: Logger;
  readonly #inFlight = new Set<Promise<void>>();

  constructor(requests: RequestService, logger: Logger) {
    this.#requests = requests;
    this.#logger = logger;
  }

  run(requestId: string): Promise<void> {
    return this.#track(this.#execute(requestId, () => this.#requests.executeRequest(requestId)));
  }

  /**
   * Runs again (or marks FAILED) a request whose process stopped while executing it, as the
   * caller `found` it: not if it changed since (another process resumed it first).
   */
  resumeInterrupted(requestId: string, found?: Pick<RequestRecord, "version">): Promise<void> {
    return this.#track(
      this.#execute(requestId, () => this.#requests.resumeExecution(requestId, found)),
    );
  }

  #track(work: Promise<void>): Promise<void> {
    const running = work.finally(() => this.#inFlight.delete(running));
    this.#inFlight.add(running);
    return running;
  }

  /** Starts what was approved but never started, e.g. because the process stopped in between. */
  async resume(): Promise<number> {
    const waiting = await this.#requests.approvedNotStarted();
    for (const request of waiting) void this.run(request.id);
    return waiting.length;
  }

  /**
   * Waits for every run in flight (on shutdown, and in tests); with `timeoutMs`, for at most that
   * long. True when none is left.
   */
  async idle(timeoutMs?: number): Promise<boolean> {
    const deadline = timeoutMs === undefined ? Infinity : Date.now() + timeoutMs;
    while (this.#inFlight.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      const all = Promise.allSettled([...this.#inFlight]);
      if (left === Infinity) await all;
      else {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise((resolve) => {
          timer = setTimeout(resolve, left);
        });
        await Promise.race([all, timeout]);
        clearTimeout(timer);
      }
    }
    return true;
  }

  get running(): number {
    return this.#inFlight.size;
  }

  async #execute(requestId: string, start: () => ReturnType<RequestService["executeRequest"]>) {
    try {
      const outcome = await start();
      // Someone else started it first: that run reports its own outcome.
      if (!outcome.ok && outcome.refusal.code !== "REQUEST.NOT_PENDING") {
        this.#logger.warn(`execution of ${requestId} refused: ${outcome.refusal.message}`, {
          requestId,
          code: outcome.refusal.code,
        });
      }
    } catch (error) {
      // Not even a minimal outcome could be recorded (database away): the request stays
      // EXECUTING, visible, and is resumed when its lease runs out, a bounded number of times.
      this.#logger.error(`execution of ${requestId} failed to complete: ${describeError(error)}`, {
        requestId,
        err: error,
      });
    }
  }
}
