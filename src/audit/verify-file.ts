import type { AuditEvent } from "../requests/audit-events.ts";
import type { AuditKey } from "../trail/key.ts";
import { type Checkpoint, checkpointProblem } from "./checkpoint.ts";
import { FileChain, type FileProblem, type FileSummary } from "./file-chain.ts";
import { parseTrailLine } from "./trail-line.ts";

export type { FileProblem, FileProblemKind } from "./file-chain.ts";

export interface VerifyFileOptions {
  /** A checkpoint received separately: the file must hold its event, with its hash. */
  readonly checkpoint?: Checkpoint;
  /** How many of the latest events a repeated line or a checkpoint line can be compared with. */
  readonly window?: number;
}

export type VerifyFileReport =
  | ({ readonly ok: true } & FileSummary)
  | { readonly ok: false; readonly problem: FileProblem };

/** Repeats at-least-once sinks produce come within a batch or two; 100 000 events is 4.8 MB. */
export const DEFAULT_WINDOW = 100_000;

/**
 * Verifies a trail received as JSON lines (an export, or a sink's archive) with no database:
 * every event's seal recomputed with `key`, every link and number checked, checkpoints inside it
 * and `options.checkpoint` held against it. Reads `lines` one at a time and keeps only a fixed
 * window of recent hashes, so a file of millions of lines costs no more memory than a short one.
 * Stops at the first problem, as `verify` does: past it, nothing the file says can be trusted.
 */
export async function verifyTrailFile(
  lines: AsyncIterable<string>,
  key: AuditKey,
  options: VerifyFileOptions = {},
): Promise<VerifyFileReport> {
  const { checkpoint } = options;
  if (checkpoint) {
    const problem = checkpointProblem(key, checkpoint);
    if (problem) return broken({ kind: "forged-checkpoint", message: problem.message });
  }
  const chain = new FileChain(key, options.window ?? DEFAULT_WINDOW, checkpoint);
  const reader = lines[Symbol.asyncIterator]();
  try {
    let number = 0;
    for (let next = await reader.next(); !next.done; next = await reader.next()) {
      number += 1;
      const line = parseTrailLine(next.value);
      if (line.kind === "blank") continue;
      if (line.kind === "not-json" || line.kind === "invalid") {
        const last = line.kind === "not-json" && (await reader.next()).done === true;
        return broken(
          last
            ? {
                kind: "truncated",
                line: number,
                message: `the last line is cut off (${line.message}): the file ends in the middle of a line`,
              }
            : { kind: "malformed", line: number, message: `line ${number}: ${line.message}` },
        );
      }
      if (line.kind === "checkpoint") {
        const problem = chain.checkpointLine(number, line.checkpoint);
        if (problem) return broken(problem);
        continue;
      }
      const outcome = chain.event(number, line.event);
      if (outcome === null) continue;
      if ("missing" in outcome) return broken(await gapProblem(reader, number, outcome));
      return broken(outcome);
    }
    const problem = chain.end();
    return problem ? broken(problem) : { ok: true, ...chain.summary() };
  } finally {
    await reader.return?.();
  }
}

function broken(problem: FileProblem): VerifyFileReport {
  return { ok: false, problem };
}

/**
 * Events `missing.from`..`missing.to` should have come before `event` on line `number`: either
 * they are further down (the lines were reordered) or nowhere (they were dropped). Reading on
 * to tell the two apart costs time only when the file is already broken, and no memory.
 */
async function gapProblem(
  reader: AsyncIterator<string>,
  number: number,
  gap: { readonly missing: { from: number; to: number }; readonly event: AuditEvent },
): Promise<FileProblem> {
  const { from, to } = gap.missing;
  const seq = gap.event.seq;
  const events = from === to ? `event ${from} is` : `events ${from} to ${to} are`;
  let later = number;
  for (let next = await reader.next(); !next.done; next = await reader.next()) {
    later += 1;
    const found = seqOf(next.value);
    if (found !== undefined && found >= from && found <= to) {
      return {
        kind: "reordered",
        line: number,
        seq,
        message: `line ${number} holds event ${seq} where event ${from} belongs; event ${found} comes later, on line ${later} (lines were reordered)`,
      };
    }
  }
  return {
    kind: "dropped",
    line: number,
    seq: from,
    message: `${events} missing: line ${number} jumps to event ${seq} (lines were dropped)`,
  };
}

function seqOf(text: string): number | undefined {
  try {
    const json: unknown = JSON.parse(text);
    const seq = (json as { seq?: unknown; kind?: unknown } | null)?.seq;
    return typeof seq === "number" && (json as { kind?: unknown }).kind === undefined
      ? seq
      : undefined;
  } catch {
    return undefined;
  }
}
