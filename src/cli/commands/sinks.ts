import type { SinkCursor } from "../../audit/sinks/cursor-store.ts";
import { parseSinksConfig } from "../../config/sinks-config.ts";
import { type AuditCommand, EXIT } from "../command.ts";

/**
 * Where each audit sink has got to: its cursor and lag behind the trail's head, when it last
 * delivered, its last error, and the checkpoint waiting to follow the events it covers. Sinks
 * configured in this environment are listed even before their first delivery.
 */
export const sinksCommand: AuditCommand = {
  synopsis: "",
  summary:
    "Show how far each audit sink (AUDIT_SINK_*) has delivered the trail: cursor, lag, last error, pending checkpoint",
  options: {},
  prepare() {
    return async ({ trail, sinks, env, stdout }) => {
      const head = (await trail.head())?.seq ?? 0;
      const parsed = parseSinksConfig(env ?? {});
      const configured = parsed.ok
        ? (["http", "file", "nats"] as const).filter((name) => parsed.config[name] !== undefined)
        : [];
      const cursors = new Map((await (sinks?.list() ?? [])).map((cursor) => [cursor.name, cursor]));
      const names = [...new Set<string>([...configured, ...cursors.keys()])].sort();
      stdout.write(`Trail head: event #${head}.\n`);
      if (names.length === 0) {
        stdout.write(
          "No audit sink is configured (AUDIT_SINK_HTTP_URL, AUDIT_SINK_FILE_DIR, AUDIT_SINK_NATS_URL).\n",
        );
        return EXIT.ok;
      }
      for (const name of names) {
        const cursor = cursors.get(name);
        const note = (configured as readonly string[]).includes(name)
          ? ""
          : " (not configured here)";
        stdout.write(`\n${name}${note}\n${describe(cursor, head)}\n`);
      }
      return EXIT.ok;
    };
  },
};

function describe(cursor: SinkCursor | undefined, head: number): string {
  if (!cursor) return `  nothing delivered yet; lag ${head}`;
  const lines = [
    `  cursor: event #${cursor.lastSeq}; lag ${Math.max(0, head - cursor.lastSeq)}`,
    `  last delivered: ${cursor.lastDeliveredAt?.toISOString() ?? "never"}`,
    cursor.lastError === null
      ? "  last error: none"
      : `  last error: ${cursor.lastError} (${cursor.lastErrorAt?.toISOString() ?? "?"}; ${cursor.attempts} failed attempt(s) since the last delivery)`,
    cursor.pendingCheckpoint === null
      ? `  pending checkpoint: none${cursor.lastCheckpointSeq === null ? "" : ` (last delivered: event #${cursor.lastCheckpointSeq})`}`
      : `  pending checkpoint: event #${cursor.pendingCheckpoint.seq}, sent once the cursor reaches it`,
  ];
  if (cursor.leaseHolder && cursor.leaseUntil) {
    lines.push(
      `  delivered by: ${cursor.leaseHolder} (lease until ${cursor.leaseUntil.toISOString()})`,
    );
  }
  return lines.join("\n");
}
