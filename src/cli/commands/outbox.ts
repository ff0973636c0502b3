import type { OutboxMessage, OutboxStatus } from "../../outbox/outbox-store.ts";
import { type AuditCommand, EXIT, stringOption, UsageError } from "../command.ts";
import { redriveCommand } from "./outbox-retry.ts";

const STATUSES: readonly OutboxStatus[] = ["PENDING", "SENT", "DEAD"];
const DEFAULT_LIMIT = 50;

/**
 * The messages the bot owes Slack: counts, and the undelivered ones with why. Dead messages are
 * what an operator must look at; `--status all` shows delivered ones too. `--retry KEY|all`
 * puts dead messages back in the queue once their cause is fixed (audited).
 */
export const outboxCommand: AuditCommand = {
  synopsis: "[--status dead|pending|sent|all] [--limit N] [--retry KEY|all]...",
  summary:
    "List messages to Slack that are waiting or could not be delivered, with the error; --retry sends dead ones again",
  options: {
    status: { type: "string" },
    limit: { type: "string" },
    retry: { type: "string", multiple: true },
  },
  prepare(values) {
    const retry = values.retry;
    if (Array.isArray(retry)) {
      if (values.status !== undefined || values.limit !== undefined) {
        throw new UsageError("--retry cannot be combined with --status or --limit.");
      }
      return redriveCommand(retry.map(String));
    }
    const statusOption = (stringOption(values, "status") ?? "undelivered").toUpperCase();
    const statuses =
      statusOption === "ALL"
        ? STATUSES
        : statusOption === "UNDELIVERED"
          ? (["DEAD", "PENDING"] as const)
          : STATUSES.filter((status) => status === statusOption);
    if (statuses.length === 0) {
      throw new UsageError(`--status must be one of dead, pending, sent, all.`);
    }
    const limitOption = stringOption(values, "limit") ?? String(DEFAULT_LIMIT);
    const limit = Number(limitOption);
    if (!Number.isInteger(limit) || limit < 1) {
      throw new UsageError(`--limit must be a whole number, 1 or more (got "${limitOption}").`);
    }
    return async ({ outbox: store, stdout }) => {
      const counts = await store.counts();
      stdout.write(
        `Outbox: ${counts.DEAD} dead, ${counts.PENDING} waiting, ${counts.SENT} delivered.\n`,
      );
      for (const status of statuses) {
        const messages = await store.list({ status, limit });
        if (messages.length === 0) continue;
        stdout.write(`\n${status}\n`);
        for (const message of messages) stdout.write(`${describe(message)}\n`);
      }
      if (counts.DEAD > 0) {
        stdout.write(
          "\nOnce the cause is fixed, send dead messages again: npm run audit -- outbox --retry KEY (or --retry all).\n",
        );
      }
      return counts.DEAD > 0 ? EXIT.broken : EXIT.ok;
    };
  },
};

function describe(message: OutboxMessage): string {
  const text = typeof message.payload.text === "string" ? message.payload.text : "";
  const preview = text.length > 80 ? `${text.slice(0, 79)}…` : text;
  const where = message.ts ? `${message.channel} ${message.ts}` : "not posted yet";
  const lines = [
    `  ${message.key}  to ${message.recipient}  (${where}; ${message.attempts} failed attempt(s); updated ${message.updatedAt.toISOString()})`,
    `    "${preview}"`,
  ];
  if (message.status === "PENDING")
    lines.push(`    next attempt ${message.nextAttemptAt.toISOString()}`);
  if (message.lastError) lines.push(`    last error: ${message.lastError}`);
  return lines.join("\n");
}
