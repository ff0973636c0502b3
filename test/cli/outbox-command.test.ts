import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditTrail } from "../../src/audit/verify.ts";
import { EXIT } from "../../src/cli/command.ts";
import { outboxCommand } from "../../src/cli/commands/outbox.ts";
import { outboxAdmin } from "../../src/db/ports.ts";
import { PrismaOutboxStore } from "../../src/db/prisma-outbox-store.ts";
import { PrismaTrailReader } from "../../src/db/prisma-trail-reader.ts";
import type { OutboxStore } from "../../src/outbox/outbox-store.ts";
import { auditKeyFrom } from "../../src/trail/key.ts";
import { auditService, CHECKER, createNote, key } from "../audit/trail.ts";
import { collecting } from "../support/audit-cli.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";

describe("npm run audit -- outbox", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("pglite");
    const store = new PrismaOutboxStore(db.prisma);
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

  async function run(values: Record<string, string | string[]>) {
    const out = collecting();
    const err = collecting();
    const work = await outboxCommand.prepare(values);
    const code = await work({
      trail: new PrismaTrailReader(db.prisma),
      outbox: outboxAdmin({ prisma: db.prisma }, auditKeyFrom("k".repeat(32))),
      key: auditKeyFrom("k".repeat(32)),
      stdout: out.stream,
      stderr: err.stream,
    });
    return { code, stdout: out.text(), stderr: err.text() };
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
    expect(stdout).toContain("send dead messages again: npm run audit -- outbox --retry KEY");
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

  it("--retry with a key that is not a dead message changes nothing and says why", async () => {
    const { code, stdout, stderr } = await run({ retry: ["r1:maker", "nope"] });
    expect(code).toBe(EXIT.usage);
    expect(stdout).toBe("");
    expect(stderr).toContain(
      'Message "r1:maker" is sent, not dead: only dead messages are sent again.',
    );
    expect(stderr).toContain('There is no message "nope" in the outbox.');
    expect(stderr).toContain("Nothing was re-sent.");
    expect((await new PrismaOutboxStore(db.prisma).counts()).DEAD).toBe(1);
  });

  it("refuses --retry all with keys, and --retry with --status", () => {
    expect(() => outboxCommand.prepare({ retry: ["all", "r1:maker"] })).toThrow(
      "--retry all re-sends every dead message: give no key with it.",
    );
    expect(() => outboxCommand.prepare({ retry: ["all"], status: "dead" })).toThrow(
      "--retry cannot be combined with --status or --limit.",
    );
  });
});

describe("npm run audit -- outbox --retry", () => {
  let db: TestDatabase;
  let store: OutboxStore;
  let requestNumber: number;
  const at = new Date("2026-03-02T10:00:00Z");

  beforeAll(async () => {
    db = await createTestDatabase("pglite");
    store = new PrismaOutboxStore(db.prisma);
    const request = await createNote(auditService(db.prisma), "Deploy freeze at 18:00");
    requestNumber = request.number;
    const drafts = [
      { key: `${request.id}:checker:${CHECKER}`, requestId: request.id, recipient: CHECKER },
      { key: "delegation:notice:U9", requestId: null, recipient: "U9" },
    ];
    for (const draft of drafts) {
      await store.enqueue({ ...draft, threadKey: null, payload: { text: "hello" } }, at);
    }
    for (const message of await store.claimDue(at, 10, 60_000)) {
      await store.markDead(message, at, "user_not_found");
    }
  });
  afterAll(() => db?.destroy());

  async function run(values: Record<string, string | string[]>) {
    const out = collecting();
    const err = collecting();
    const work = await outboxCommand.prepare(values);
    const code = await work({
      trail: new PrismaTrailReader(db.prisma),
      outbox: outboxAdmin({ prisma: db.prisma }, key),
      key,
      stdout: out.stream,
      stderr: err.stream,
    });
    return { code, stdout: out.text(), stderr: err.text() };
  }

  it("puts every dead message back in the queue, records each in the trail, and the trail verifies", async () => {
    const { code, stdout } = await run({ retry: ["all"] });
    expect(code).toBe(EXIT.ok);
    expect(stdout).toContain("Queued again 2 dead message(s)");
    expect(stdout).toMatch(
      new RegExp(
        `:checker:${CHECKER} {2}to ${CHECKER} \\(request #${requestNumber}\\); it had failed with: user_not_found`,
      ),
    );
    expect(await store.counts()).toEqual({ PENDING: 2, SENT: 0, DEAD: 0 });
    const rows = await db.prisma.outboxMessage.findMany({ select: { attempts: true } });
    expect(rows.map((row) => row.attempts)).toEqual([0, 0]);

    const events = await db.prisma.auditEvent.findMany({
      where: { type: "OUTBOX_REDRIVEN" },
      orderBy: { seq: "asc" },
    });
    // Both were queued at the same instant: sealed in key order, which is random here.
    const sealed = events.map((event) => [event.requestNumber, event.actor, event.details]);
    expect(sealed).toHaveLength(2);
    expect(sealed).toEqual(
      expect.arrayContaining([
        [
          requestNumber,
          "system",
          expect.objectContaining({ recipient: CHECKER, error: "user_not_found", attempts: 1 }),
        ],
        [null, "system", expect.objectContaining({ message: "delegation:notice:U9" })],
      ]),
    );
    expect(await verifyAuditTrail(new PrismaTrailReader(db.prisma), key)).toMatchObject({
      ok: true,
      requests: 1,
    });
  });

  it("says so when there is nothing dead to re-send", async () => {
    const { code, stdout } = await run({ retry: ["all"] });
    expect(code).toBe(EXIT.ok);
    expect(stdout).toBe("There are no dead messages: nothing to re-send.\n");
  });
});
