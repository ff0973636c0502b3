/**
 * Ack-latency runs, each done once per `npm run bench`: the ack, baseline and memory parts read the
 * same runs, so their numbers come from the same measurement and the slow part (the real bot's
 * outbox catching up after each run) is paid once.
 */
import type { AppKind } from "../app/spawn.ts";
import type { EngineName } from "../lib/databases.ts";
import { type AckRun, type AckRunOptions, ackRun } from "../load/ack-run.ts";

/** Concurrent clients per load level; the targets are at 200 and 500. */
export function ackLevels(quick: boolean): readonly number[] {
  return quick ? [6] : [50, 200, 500];
}

export class AckRuns {
  readonly #runs = new Map<string, Promise<AckRun>>();
  readonly #options: AckRunOptions;

  constructor(options: AckRunOptions) {
    this.#options = options;
  }

  get(kind: AppKind, engine: EngineName, clients: number): Promise<AckRun> {
    const key = `${kind}:${engine}:${clients}`;
    let run = this.#runs.get(key);
    if (!run) {
      run = ackRun(kind, engine, clients, this.#options);
      this.#runs.set(key, run);
    }
    return run;
  }
}
