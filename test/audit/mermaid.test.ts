import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportAuditTrail } from "../../src/audit/export.ts";
import { mermaidText } from "../../src/audit/mermaid.ts";
import { EXIT, UsageError } from "../../src/cli/command.ts";
import { exportCommand } from "../../src/cli/commands/export.ts";
import { ManualClock } from "../../src/core/clock.ts";
import { outboxAdmin } from "../../src/db/ports.ts";
import { PrismaRequestStore } from "../../src/db/prisma-request-store.ts";
import { PrismaTrailReader } from "../../src/db/prisma-trail-reader.ts";
import { defineAction } from "../../src/factory/define-action.ts";
import { ActionRegistry } from "../../src/factory/registry.ts";
import { staticDirectory } from "../../src/requests/directory.ts";
import { repeatSealing } from "../../src/requests/refused-attempts.ts";
import { RequestService } from "../../src/requests/request-service.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { CHECKER, key, MAKER, value } from "./trail.ts";

const SECOND_CHECKER = "U3CHECK";
const STRANGER = "U9NOSY";

const actions = new ActionRegistry([
  defineAction({
    id: "billing-waiver",
    title: "Waive a bill",
    approvals: 2,
    params: [{ name: "invoice", label: "Invoice", type: "text", required: true }],
    execute: async (ctx) => ({ ok: true, result: { waived: ctx.request.params.invoice ?? null } }),
  }),
  defineAction({
    id: "flaky-hook",
    title: "Call a flaky webhook",
    params: [],
    execute: async () => ({
      ok: false,
      error: `HTTP 502 from <https://hooks.example/x|the hook>;\nbody: ${"#bad gateway ".repeat(20)}`,
    }),
  }),
]);

async function diagram(db: TestDatabase, requestNumber: number): Promise<string> {
  let text = "";
  for await (const chunk of exportAuditTrail(new PrismaTrailReader(db.prisma), "mermaid", {
    requestNumber,
  })) {
    text += chunk;
  }
  return text;
}

describe("audit export --format mermaid", () => {
  let db: TestDatabase;
  let clock: ManualClock;
  let service: RequestService;
  const tick = () => clock.advance(60_000);

  beforeAll(async () => {
    db = await createTestDatabase("pglite");
    clock = new ManualClock("2026-03-02T14:00:00.000Z");
    service = new RequestService({
      store: new PrismaRequestStore(db.prisma, key),
      actions,
      clock,
      directory: staticDirectory(),
      environments: ["production"],
    });
  });
  afterAll(() => db?.destroy());

  const create = async (actionId: string, checkerIds: string[], params: object) =>
    value(
      await service.createRequest({
        actionId,
        environment: "production",
        team: "Acme",
        params,
        purpose: "Customer was double-billed",
        makerId: MAKER,
        checkerIds,
      }),
    ).request;

  it("tells the whole story of a request that ran: the exact diagram", async () => {
    const request = await create("billing-waiver", [CHECKER, SECOND_CHECKER], { invoice: "in_1" });
    tick();
    value(await service.approveRequest({ requestId: request.id, actorId: CHECKER }));
    tick();
    value(await service.approveRequest({ requestId: request.id, actorId: SECOND_CHECKER }));
    tick();
    value(await service.executeRequest(request.id));

    expect(await diagram(db, request.number)).toBe(
      [
        "sequenceDiagram",
        `  title Request #35;${request.number} billing-waiver, 2026-03-02 (times in UTC)`,
        "  participant M as Maker U1MAKER",
        "  participant B as Bot",
        "  participant C1 as Checker U2CHECK",
        "  participant C2 as Checker U3CHECK",
        "  participant E as Executor",
        `  M->>B: 14:00 requests #35;${request.number} billing-waiver (production, Acme)`,
        "  Note over B: PENDING",
        "  C1->>B: 14:01 approves (1 of 2)",
        "  C2->>B: 14:02 approves (2 of 2)",
        "  Note over B: PENDING → APPROVED",
        "  B->>E: 14:03 runs billing-waiver",
        "  Note over B: APPROVED → EXECUTING",
        "  E-->>B: 14:03 finished",
        "  Note over B: EXECUTING → FINISHED",
        "",
      ].join("\n"),
    );
  });

  it("a declined request: the checker's reason, made safe for Mermaid", async () => {
    clock.set("2026-03-02T15:00:00.000Z");
    const request = await create("billing-waiver", [CHECKER, SECOND_CHECKER], { invoice: "in_2" });
    tick();
    const reason = "Ask <@U1MAKER> first;\nsee ticket #42 & the <policy>";
    value(await service.declineRequest({ requestId: request.id, actorId: SECOND_CHECKER, reason }));

    const lines = (await diagram(db, request.number)).split("\n");
    expect(lines).toContain(
      "  C2->>B: 15:01 declines: Ask @U1MAKER first, see ticket #35;42 & the #lt;policy#gt;",
    );
    expect(lines).toContain("  Note over B: PENDING → DECLINED");
    // Nothing ran, so there is no executor on the diagram.
    expect(lines.some((line) => line.includes("participant E "))).toBe(false);
  });

  it("refused attempts are notes spanning whoever tried and the bot; strangers get a lifeline", async () => {
    clock.set("2026-03-02T16:00:00.000Z");
    const request = await create("billing-waiver", [CHECKER, SECOND_CHECKER], { invoice: "in_3" });
    tick();
    await service.approveRequest({ requestId: request.id, actorId: MAKER });
    tick();
    await service.approveRequest({ requestId: request.id, actorId: STRANGER });
    clock.advance(10 * 60_000);
    value(await service.nudgeCheckers({ requestId: request.id, actorId: MAKER }));

    const text = await diagram(db, request.number);
    expect(text).toContain(
      "  participant C2 as Checker U3CHECK\n  participant P1 as User U9NOSY\n  M->>B:",
    );
    expect(text).toContain(
      `  Note over M,B: 16:01 approve refused: You made #35;${request.number}, so you cannot approve it: a different person must check it.\n`,
    );
    expect(text).toContain(
      `  Note over P1,B: 16:02 approve refused: Only @U2CHECK or @U3CHECK can decide on #35;${request.number}.\n`,
    );
    expect(text).toContain("  M->>B: 16:12 nudges the checkers\n");
    // A refusal changes nothing: the only status note is the creation's.
    expect(text.match(/Note over B:/g)).toHaveLength(1);
  });

  it("refused attempts repeated within a window: one note with how many more and when", async () => {
    clock.set("2026-03-02T17:00:00.000Z");
    const request = await create("billing-waiver", [CHECKER, SECOND_CHECKER], { invoice: "in_4" });
    for (let i = 0; i < 4; i++) {
      tick();
      await service.approveRequest({ requestId: request.id, actorId: STRANGER });
    }
    clock.advance(10 * 60_000);
    const store = new PrismaRequestStore(db.prisma, key);
    expect(await store.sealRepeats(clock.now(), repeatSealing(randomUUID), 10)).toBe(1);

    const notes = (await diagram(db, request.number))
      .split("\n")
      .filter((line) => line.includes("refused"));
    expect(notes).toEqual([
      `  Note over P1,B: 17:01 approve refused: Only @U2CHECK or @U3CHECK can decide on #35;${request.number}.`,
      `  Note over P1,B: 17:14 approve refused 3 more times between 2026-03-02 17:02 and 17:04 UTC: Only @U2CHECK or @U3CHECK can decide on #35;${request.number}.`,
    ]);
  });

  it("a failed run and an expiry: errors cut and escaped, the day shown when it changes", async () => {
    clock.set("2026-03-02T23:59:00.000Z");
    const failing = await create("flaky-hook", [CHECKER], {});
    tick();
    value(await service.approveRequest({ requestId: failing.id, actorId: CHECKER }));
    value(await service.executeRequest(failing.id));
    const failed = await diagram(db, failing.number);
    // Past midnight, the first event of the new day says which day it is.
    expect(failed).toContain("  C1->>B: 2026-03-03 00:00 approves (1 of 1)\n");
    const line = failed.split("\n").find((l) => l.startsWith("  E--xB: "));
    expect(line).toMatch(
      /^ {2}E--xB: 00:00 failed: HTTP 502 from the hook, body: #35;bad gateway #35;bad/,
    );
    expect(line).toMatch(/…$/);
    // 120 characters before escaping: 20 `#` became `#35;`.
    const shown = line?.slice(line.indexOf("failed: ") + "failed: ".length) ?? "";
    expect(shown.replaceAll("#35;", "#")).toHaveLength(120);
    expect(failed).toContain("  Note over B: EXECUTING → FAILED\n");

    clock.set("2026-03-04T08:00:00.000Z");
    const waiting = await create("flaky-hook", [CHECKER], {});
    clock.set("2026-03-06T08:00:00.000Z");
    value(await service.expireRequest(waiting.id));
    const expired = await diagram(db, waiting.number);
    // The first event's day is in the title; later ones show theirs when it changes.
    expect(expired).toContain(", 2026-03-04 (times in UTC)\n");
    expect(expired).toContain("  M->>B: 08:00 requests");
    expect(expired).toContain(
      "  B->>B: 2026-03-06 08:00 expired\n  Note over B: PENDING → EXPIRED\n",
    );
  });

  it("reminders are notes over the bot, each numbered", async () => {
    clock.set("2026-03-10T08:00:00.000Z");
    const waiting = await create("flaky-hook", [CHECKER], {});
    clock.set("2026-03-10T12:00:00.000Z");
    expect((await service.advancePending(waiting.id)).kind).toBe("reminded");
    const drawn = await diagram(db, waiting.number);
    expect(drawn).toContain("  Note over B: 12:00 reminds the checkers (reminder 1)\n");
  });

  it("a request with no events still makes a valid diagram", async () => {
    expect(await diagram(db, 404)).toBe(
      [
        "sequenceDiagram",
        "  title Audit events (times in UTC)",
        "  participant B as Bot",
        "  Note over B: no audit events",
        "",
      ].join("\n"),
    );
  });

  it("the CLI refuses --format mermaid without --request, and draws one with it", async () => {
    expect(() => exportCommand.prepare({ format: "mermaid" })).toThrow(UsageError);
    expect(() => exportCommand.prepare({ format: "mermaid", since: "2026-01-01" })).toThrow(
      "--format mermaid draws one request: add --request N (e.g. --request 12)",
    );
    let text = "";
    const stdout = new Writable({
      write(chunk, _encoding, done) {
        text += chunk;
        done();
      },
    });
    const work = await exportCommand.prepare({ format: "mermaid", request: "#1" });
    const code = await work({
      trail: new PrismaTrailReader(db.prisma),
      outbox: outboxAdmin({ prisma: db.prisma }, key),
      key,
      stdout,
      stderr: stdout,
    });
    expect(code).toBe(EXIT.ok);
    expect(text).toMatch(/^sequenceDiagram\n {2}title Request #35;1 billing-waiver, /);
  });
});

describe("mermaidText", () => {
  it("keeps one line and no character Mermaid reads as syntax", () => {
    expect(mermaidText("a;b\r\nc\td")).toBe("a,b c d");
    expect(
      mermaidText("#12 <b> & <@U1|ann> <!here> <https://x.test/a|link> <https://x.test>"),
    ).toBe("#35;12 #lt;b#gt; & @U1 @here link https#58;//x.test");
    expect(mermaidText("time: 09:00")).toBe("time: 09#58;00");
    expect(mermaidText("x".repeat(200))).toBe(`${"x".repeat(119)}…`);
    expect(mermaidText("😀".repeat(130))).toBe(`${"😀".repeat(119)}…`);
  });
});
