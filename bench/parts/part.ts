/** What every benchmark part gets, and gives back for docs/benchmarks.md. */
import type { EngineName } from "../lib/databases.ts";
import type { AckRuns } from "./runs.ts";

export interface PartOptions {
  /** Tiny sizes: a smoke run of the harness, not a measurement. */
  readonly quick: boolean;
  readonly engines: readonly EngineName[];
  readonly seed: number;
  readonly log: (line: string) => void;
  /** Shared by the parts that read ack-latency runs. */
  readonly runs: AckRuns;
}

export interface PartResult {
  /** The section's body, below its heading: tables and what they say. */
  readonly markdown: string;
  /** Where the harness itself failed (something lost, a broken trail): the run exits non-zero. */
  readonly problems: readonly string[];
}

export interface Part {
  readonly id: string;
  readonly title: string;
  run(options: PartOptions): Promise<PartResult>;
}
