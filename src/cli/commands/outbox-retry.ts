import { userInfo } from "node:os";
import { type CommandRun, EXIT, UsageError } from "../command.ts";

/**
 * `outbox --retry KEY|all`: dead messages go back in the queue, each with an OUTBOX_REDRIVEN
 * event in the audit trail. The running bot sends them at its next look (within a second or
 * so), and the maker's and the checker's messages follow once they arrive.
 */
export function redriveCommand(args: readonly string[]): CommandRun {
  const keys = args.map((arg) => arg.trim());
  if (keys.some((key) => key === "")) throw new UsageError("--retry needs a message key, or all.");
  const all = keys.some((key) => key.toLowerCase() === "all");
  if (all && keys.length > 1) {
    throw new UsageError("--retry all re-sends every dead message: give no key with it.");
  }
  return async ({ outbox, stdout, stderr }) => {
    const outcome = await outbox.redrive(all ? "all" : { keys }, {
      at: new Date(),
      operator: operatorName(),
    });
    if (!outcome.ok) {
      for (const { key: name, status } of outcome.notDead) {
        stderr.write(
          status === null
            ? `There is no message "${name}" in the outbox.\n`
            : `Message "${name}" is ${status.toLowerCase()}, not dead: only dead messages are sent again.\n`,
        );
      }
      stderr.write(
        'Nothing was re-sent. "npm run audit -- outbox --status dead" lists the dead ones.\n',
      );
      return EXIT.usage;
    }
    if (outcome.redriven.length === 0) {
      stdout.write("There are no dead messages: nothing to re-send.\n");
      return EXIT.ok;
    }
    stdout.write(
      `Queued again ${outcome.redriven.length} dead message(s); the running bot sends them within seconds (each is recorded in the audit trail as OUTBOX_REDRIVEN):\n`,
    );
    for (const message of outcome.redriven) {
      const about = message.requestNumber === null ? "" : ` (request #${message.requestNumber})`;
      const error = message.lastError ? `; it had failed with: ${message.lastError}` : "";
      stdout.write(`  ${message.key}  to ${message.recipient}${about}${error}\n`);
    }
    stdout.write(
      'If the cause is not fixed, they fail again: "npm run audit -- outbox" shows how they fare.\n',
    );
    return EXIT.ok;
  };
}

/** Who ran the command, as far as this machine knows: recorded with the event. */
function operatorName(): string {
  try {
    return userInfo().username || "unknown";
  } catch {
    return process.env.USER ?? "unknown";
  }
}
