import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.ts";
import { PrismaRequestStore } from "../../src/db/prisma-request-store.ts";
import { staticDirectory } from "../../src/requests/directory.ts";
import type { Notifier } from "../../src/requests/notifications.ts";
import { RequestService } from "../../src/requests/request-service.ts";
import { auditKeyFrom } from "../../src/trail/key.ts";
import { testActions } from "../support/actions.ts";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../support/database.ts";

/** One message per request that always shows its status, and a notice when it is declined. */
const notifier: Notifier = ({ request, event }) =>
  event.type === "ATTEMPT_REFUSED"
    ? []
    : [
        {
          key: `${request.id}:maker`,
          requestId: request.id,
          recipient: request.makerId,
          threadKey: null,
          payload: { text: `#${request.number} is ${request.status}` },
        },
        ...(event.type === "REQUEST_DECLINED"
          ? [
              {
                key: `${event.id}:notice`,
                requestId: request.id,
                recipient: request.makerId,
                threadKey: `${request.id}:maker`,
                payload: { text: "declined" },
              },
            ]
          : []),
      ];

describe.each(databaseKinds)("the outbox is written with the change, on %s", (kind) => {
  let db: TestDatabase;
  let service: RequestService;
  let woken = 0;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    const clock = new ManualClock();
    service = new RequestService({
      store: new PrismaRequestStore(db.prisma, auditKeyFrom("o".repeat(32)), {
        notify: notifier,
        onOutbox: () => woken++,
        now: () => clock.now(),
      }),
      actions: testActions().registry,
      clock,
      directory: staticDirectory(),
      environments: ["production"],
    });
  });
  afterAll(() => db?.destroy());

  const outbox = () =>
    db.prisma.outboxMessage.findMany({
      orderBy: { createdAt: "asc" },
      select: {
        key: true,
        revision: true,
        status: true,
        payload: true,
        threadKey: true,
      },
    });

  it("queues on create, replaces the content on each change, adds one-off notices", async () => {
    const created = await service.createRequest({
      actionId: "waive-invoice",
      environment: "production",
      team: "Acme",
      params: { invoice_id: "in_1" },
      purpose: "Because",
      makerId: "U0MAKER",
      checkerIds: ["U0CHECK"],
    });
    if (!created.ok) throw new Error(created.refusal.message);
    const { id, number } = created.value.request;
    expect(woken).toBe(1);
    expect(await outbox()).toEqual([
      expect.objectContaining({ key: `${id}:maker`, revision: 1, status: "PENDING" }),
    ]);

    await db.sql(`UPDATE outbox_messages SET status = 'SENT', sent_revision = 1`);
    const declined = await service.declineRequest({
      requestId: id,
      actorId: "U0CHECK",
      reason: "Not this quarter",
    });
    expect(declined.ok).toBe(true);
    const rows = await outbox();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      key: `${id}:maker`,
      revision: 2,
      status: "PENDING",
      payload: { text: `#${number} is DECLINED` },
    });
    expect(rows[1]).toMatchObject({ threadKey: `${id}:maker`, payload: { text: "declined" } });
  });

  it("a refused attempt changes nothing and queues nothing", async () => {
    const before = await outbox();
    const { id } = await db.prisma.request.findFirstOrThrow();
    const refused = await service.approveRequest({ requestId: id, actorId: "U0STRANGER" });
    expect(refused.ok).toBe(false);
    expect(await outbox()).toEqual(before);
  });

  it("when the transaction fails, neither the change nor its message is written", async () => {
    await db.sql(`CREATE OR REPLACE FUNCTION fail_outbox() RETURNS trigger AS $$
      BEGIN RAISE EXCEPTION 'outbox unavailable'; END $$ LANGUAGE plpgsql`);
    await db.sql(`CREATE TRIGGER fail_outbox BEFORE INSERT ON outbox_messages
      FOR EACH ROW EXECUTE FUNCTION fail_outbox()`);
    const requestsBefore = await db.prisma.request.count();
    const eventsBefore = await db.prisma.auditEvent.count();
    await expect(
      service.createRequest({
        actionId: "waive-invoice",
        environment: "production",
        team: "Acme",
        params: { invoice_id: "in_1" },
        purpose: "Because",
        makerId: "U0MAKER",
        checkerIds: ["U0CHECK"],
      }),
    ).rejects.toThrow(/outbox unavailable/);
    expect(await db.prisma.request.count()).toBe(requestsBefore);
    expect(await db.prisma.auditEvent.count()).toBe(eventsBefore);
    await db.sql("DROP TRIGGER fail_outbox ON outbox_messages");
  });
});
