import { readFile } from "node:fs/promises";
import { type Checkpoint, CheckpointError, parseCheckpoint } from "../../audit/checkpoint.ts";
import { type VerifyReport, verifyAuditTrail } from "../../audit/verify.ts";
import { type AuditCommand, EXIT, stringOption } from "../command.ts";

export const verifyCommand: AuditCommand = {
  synopsis: "[--checkpoint FILE]",
  summary: "Check the hash chain, and that every request matches its events",
  options: { checkpoint: { type: "string" } },
  async prepare(values) {
    const file = stringOption(values, "checkpoint");
    const checkpoint = file === undefined ? undefined : await readCheckpoint(file);
    return async ({ trail, key, stdout }) => {
      const report = await verifyAuditTrail(trail, key, { checkpoint });
      stdout.write(`${summarize(report, checkpoint)}\n`);
      return report.ok ? EXIT.ok : EXIT.broken;
    };
  },
};

async function readCheckpoint(file: string): Promise<Checkpoint> {
  const text = await readFile(file, "utf8").catch((error: Error) => {
    throw new CheckpointError(`Cannot read the checkpoint file ${file}: ${error.message}`, {
      cause: error,
    });
  });
  return parseCheckpoint(text);
}

function summarize(report: VerifyReport, checkpoint?: Checkpoint): string {
  if (!report.ok) return `BROKEN: ${report.problem.message}`;
  const counts = `${count(report.events, "event")}, ${count(report.requests, "request")}`;
  const head = report.head
    ? `chain head #${report.head.seq} ${report.head.hash.slice(0, 12)}… at ${report.head.at.toISOString()}`
    : "the trail is empty";
  const matched = checkpoint ? `; the checkpoint at #${checkpoint.seq} matches` : "";
  return `OK: ${counts}, ${head}${matched}`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
