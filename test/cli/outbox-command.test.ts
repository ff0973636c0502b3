import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditKeyFrom } from "../../src/audit/key.ts";
import { EXIT } from "../../src/cli/command.ts";
import { outboxCommand } from "../../src/cli/commands/outbox.ts";
import { OutboxStore } from "../../src/outbox/outbox-store.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";

function capture() {
  let text = "";
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += chunk;
      done();
    },
  });
  return { stream, text: () => text };
}

describe("npm run audit -- outbox", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("pglite");
    const store = new OutboxStore(db.prisma);
    const at = new Date("2026-03-02T10:00:00Z");
    for (const key of ["r1:maker", "r1:checker:U2", "r2:maker"]) {
      await store.enqueue(
        {
          key,
          requestId: null,
          recipient: "U2",
          threadKey: null,
          payload: { text: `about ${key}` },
        },
        at,
      );
    }
    const claimed = await store.claimDue(at, 3, 60_000);
    const dead = claimed.find((message) => message.key === "r1:checker:U2");
    const sent = claimed.find((message) => message.key === "r1:maker");
    if (!dead || !sent) throw new Error("nothing claimed");
    await store.markDead(dead, at, "channel_not_found");
    await store.markSent(sent, at, { channel: "D2", ts: "1.1" });
    // r2:maker stays waiting: released as a failed attempt would leave it.
    const waiting = claimed.find((message) => message.key === "r2:maker");
    if (waiting)
      await store.markRetry(waiting, at, new Date("2026-03-02T10:05:00Z"), "ratelimited");
  });
  afterAll(() => db?.destroy());

  async function run(values: Record<string, string>) {
    const out = capture();
    const err = capture();
    const work = await outboxCommand.prepare(values);
    const code = await work({
      prisma: db.prisma,
      key: auditKeyFrom("k".repeat(32)),
      stdout: out.stream,
      stderr: err.stream,
    });
    return { code, stdout: out.text() };
  }

  it("lists dead and waiting messages with their last error, and exits 1 when any is dead", async () => {
    const { code, stdout } = await run({});
    expect(code).toBe(EXIT.broken);
    expect(stdout).toContain("Outbox: 1 dead, 1 waiting, 1 delivered.");
    expect(stdout).toMatch(
      /DEAD\n {2}r1:checker:U2 {2}to U2 .*\n {4}"about r1:checker:U2"\n {4}last error: channel_not_found/,
    );
    expect(stdout).toContain("PENDING\n  r2:maker");
    expect(stdout).toContain("next attempt 2026-03-02T10:05:00.000Z\n    last error: ratelimited");
    expect(stdout).not.toContain("\nSENT\n");
  });

  it("--status sent shows delivered messages with where they are", async () => {
    const { stdout } = await run({ status: "sent" });
    expect(stdout).toContain("SENT\n  r1:maker  to U2  (D2 1.1;");
  });

  it("refuses a status it does not know", async () => {
    expect(() => outboxCommand.prepare({ status: "lost" })).toThrow(
      "--status must be one of dead, pending, sent, all.",
    );
  });
});
