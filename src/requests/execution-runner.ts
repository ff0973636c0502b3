import { describeError } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";
import type { RequestService } from "./request-service.ts";

/**
 * Runs approved requests in the background, after the click that approved them has been
 * answered. The service's compare-and-set makes a request run once however many callers (double
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
    const running = this.#execute(requestId).finally(() => this.#inFlight.delete(running));
    this.#inFlight.add(running);
    return running;
  }

  /** Starts what was approved but never started, e.g. because the process stopped in between. */
  async resume(): Promise<number> {
    const waiting = await this.#requests.approvedNotStarted();
    for (const request of waiting) void this.run(request.id);
    return waiting.length;
  }

  /** Waits for every run in flight: on shutdown, and in tests. */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  async #execute(requestId: string): Promise<void> {
    try {
      const outcome = await this.#requests.executeRequest(requestId);
      // Someone else started it first: that run reports its own outcome.
      if (!outcome.ok && outcome.refusal.code !== "REQUEST.NOT_PENDING") {
        this.#logger.warn(`execution of ${requestId} refused: ${outcome.refusal.message}`);
      }
    } catch (error) {
      // The outcome could not be recorded (database away): the request stays EXECUTING, visible.
      this.#logger.error(`execution of ${requestId} failed to complete: ${describeError(error)}`);
    }
  }
}
