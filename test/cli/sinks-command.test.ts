import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../../src/cli/command.ts";
import { sinksCommand } from "../../src/cli/commands/sinks.ts";
import { outboxAdmin, sinkCursors } from "../../src/db/ports.ts";
import { PrismaTrailReader } from "../../src/db/prisma-trail-reader.ts";
import { key, populate } from "../audit/trail.ts";
import { collecting } from "../support/audit-cli.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";

const T = new Date("2026-12-04T10:00:00.000Z");

describe("npm run audit -- sinks", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("pglite");
    await populate(db.prisma);
  });
  afterAll(() => db?.destroy());

  async function run(env: Record<string, string>) {
    const out = collecting();
    const err = collecting();
    const command = await sinksCommand.prepare({});
    const code = await command({
      trail: new PrismaTrailReader(db.prisma),
      outbox: outboxAdmin(db, key),
      key,
      sinks: sinkCursors(db),
      env,
      stdout: out.stream,
      stderr: err.stream,
    });
    return { code, out: out.text() };
  }

  it("says when no sink is configured", async () => {
    const { code, out } = await run({});
    expect(code).toBe(EXIT.ok);
    expect(out).toBe(
      "Trail head: event #12.\nNo audit sink is configured (AUDIT_SINK_HTTP_URL, AUDIT_SINK_FILE_DIR, AUDIT_SINK_NATS_URL).\n",
    );
  });

  it("shows each sink's cursor, lag, last error and pending checkpoint", async () => {
    const cursors = sinkCursors(db);
    await cursors.lease("file", "host-a#1", T, new Date(T.getTime() + 60_000));
    await cursors.advance("file", "host-a#1", 0, 9, T);
    await cursors.recordFailure("file", "host-a#1", "writing to /audit failed: ENOSPC", T);
    await cursors.offerCheckpoint(["file"], {
      version: 1,
      seq: 12,
      hash: "a".repeat(64),
      at: T.toISOString(),
      keyId: key.id,
      signature: "b".repeat(64),
    });
    await cursors.release("file", "host-a#1");
    const { out } = await run({
      AUDIT_SINK_FILE_DIR: "/audit",
      AUDIT_SINK_NATS_URL: "nats://n:4222",
    });
    expect(out).toBe(`Trail head: event #12.

file
  cursor: event #9; lag 3
  last delivered: 2026-12-04T10:00:00.000Z
  last error: writing to /audit failed: ENOSPC (2026-12-04T10:00:00.000Z; 1 failed attempt(s) since the last delivery)
  pending checkpoint: event #12, sent once the cursor reaches it

nats
  nothing delivered yet; lag 12
`);
  });
});
