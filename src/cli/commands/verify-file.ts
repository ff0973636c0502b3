import { open } from "node:fs/promises";
import type { Checkpoint } from "../../audit/checkpoint.ts";
import { type VerifyFileReport, verifyTrailFile } from "../../audit/verify-file.ts";
import { ConfigError } from "../../core/errors.ts";
import type { AuditKey } from "../../trail/key.ts";
import { EXIT, type OfflineRun } from "../command.ts";
import { count } from "../count.ts";

/**
 * `verify --file`: the file read a line at a time (readline), never whole, and checked with
 * `key` alone. Opened here, so a wrong path is said before anything else.
 */
export async function verifyFileRun(
  file: string,
  key: AuditKey,
  checkpoint: Checkpoint | undefined,
): Promise<OfflineRun> {
  const handle = await open(file).catch((error: Error) => {
    throw new ConfigError(`Cannot read the file ${file}: ${error.message}`, { cause: error });
  });
  return async ({ stdout }) => {
    try {
      const lines = handle.readLines({ encoding: "utf8" });
      const report = await verifyTrailFile(lines, key, checkpoint ? { checkpoint } : {});
      stdout.write(`${summarize(report, checkpoint)}\n`);
      return report.ok ? EXIT.ok : EXIT.broken;
    } finally {
      await handle.close();
    }
  };
}

export function summarize(report: VerifyFileReport, checkpoint?: Checkpoint): string {
  if (!report.ok) return `BROKEN (${report.problem.kind}): ${report.problem.message}`;
  const { first, last } = report;
  if (!first || !last) return `OK: the file holds no events${extras(report, checkpoint)}`;
  const start =
    first.seq === 1
      ? "from the start of the trail"
      : `starts at #${first.seq}: its link to #${first.seq - 1} is taken on trust`;
  return `OK: ${count(report.events, "event")}, #${first.seq} to #${last.seq} (${start}), last #${last.seq} ${last.hash.slice(0, 12)}… at ${last.at.toISOString()}${extras(report, checkpoint)}`;
}

function extras(
  report: Extract<VerifyFileReport, { ok: true }>,
  checkpoint: Checkpoint | undefined,
): string {
  const parts: string[] = [];
  if (report.duplicates > 0) parts.push(`${count(report.duplicates, "repeated line")} skipped`);
  if (report.checkpoints > 0) parts.push(`${count(report.checkpoints, "checkpoint line")} checked`);
  if (report.uncheckedCheckpoints > 0) {
    parts.push(
      `${count(report.uncheckedCheckpoints, "checkpoint line")} about events before the file (signature checked only)`,
    );
  }
  if (checkpoint) parts.push(`the checkpoint at #${checkpoint.seq} matches`);
  return parts.map((part) => `; ${part}`).join("");
}
