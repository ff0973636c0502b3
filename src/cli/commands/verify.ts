import type { Checkpoint } from "../../audit/checkpoint.ts";
import { type VerifyReport, verifyAuditTrail } from "../../audit/verify.ts";
import { readCheckpointArgument } from "../checkpoint-input.ts";
import { type AuditCommand, EXIT, stringOption, UsageError } from "../command.ts";
import { count } from "../count.ts";
import { fileVerifyKey } from "../file-key.ts";
import { verifyFileRun } from "./verify-file.ts";

export const verifyCommand: AuditCommand = {
  synopsis: "[--checkpoint FILE|-] [--file EVENTS.jsonl [--key KEYFILE]]",
  summary:
    "Check the hash chain, and that every request matches its events; with --file, check a received JSONL file instead, without the database",
  options: {
    checkpoint: { type: "string" },
    file: { type: "string" },
    key: { type: "string" },
  },
  async prepareOffline(values, { env, stdin }) {
    const file = stringOption(values, "file");
    if (file === undefined) return undefined;
    const source = stringOption(values, "checkpoint");
    const checkpoint =
      source === undefined ? undefined : await readCheckpointArgument(source, stdin);
    const key = await fileVerifyKey(stringOption(values, "key"), env);
    return verifyFileRun(file, key, checkpoint);
  },
  async prepare(values, input) {
    if (stringOption(values, "key") !== undefined) {
      throw new UsageError(
        "--key goes with --file: verify without --file uses the bot's key (AUDIT_KEY or DATA_DIR).",
      );
    }
    const source = stringOption(values, "checkpoint");
    const checkpoint =
      source === undefined ? undefined : await readCheckpointArgument(source, input?.stdin);
    return async ({ trail, key, stdout }) => {
      const report = await verifyAuditTrail(trail, key, { checkpoint });
      stdout.write(`${summarize(report, checkpoint)}\n`);
      return report.ok ? EXIT.ok : EXIT.broken;
    };
  },
};

function summarize(report: VerifyReport, checkpoint?: Checkpoint): string {
  if (!report.ok) return `BROKEN: ${report.problem.message}`;
  const counts = `${count(report.events, "event")}, ${count(report.requests, "request")}`;
  const head = report.head
    ? `chain head #${report.head.seq} ${report.head.hash.slice(0, 12)}… at ${report.head.at.toISOString()}`
    : "the trail is empty";
  const matched = checkpoint ? `; the checkpoint at #${checkpoint.seq} matches` : "";
  return `OK: ${counts}, ${head}${matched}`;
}
