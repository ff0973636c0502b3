import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.ts";
import { PrismaRequestStore } from "../../src/db/prisma-request-store.ts";
import { requestColumns } from "../../src/db/request-rows.ts";
import { staticDirectory } from "../../src/requests/directory.ts";
import { RequestService } from "../../src/requests/request-service.ts";
import type { RequestRecord } from "../../src/requests/types.ts";
import { auditKeyFrom } from "../../src/trail/key.ts";
import { testActions } from "../support/actions.ts";
import { type CountingClient, openCountingClient } from "../support/counting-adapter.ts";
import { createTestTarget, databaseKinds } from "../support/database.ts";
import { nudgeDraft } from "../support/nudge.ts";
import { pendingRequest } from "../support/request-record.ts";
import { twoMessages } from "../support/two-messages.ts";

/** Statements, shortened to what tells them apart. */
const shapes = (statements: readonly string[]) =>
  statements.map((sql) =>
    sql.startsWith("SELECT applied")
      ? "request_change"
      : sql.replace(/\(.*$/s, "").slice(0, 40).trim(),
  );

describe.each(databaseKinds)("a change's round trips on %s", (kind) => {
  let client: CountingClient;
  let drop: () => Promise<void>;
  let store: PrismaRequestStore;
  /** The same store, noting in `trips` the statements of each insert, transition and append. */
  let counted: PrismaRequestStore;
  let service: RequestService;
  /** The statements of the last call of each store method, by method. */
  const trips: Record<string, string[]> = {};

  beforeAll(async () => {
    const test = await createTestTarget(kind, { migrated: true });
    drop = test.drop;
    client = await openCountingClient(test.target);
    const clock = new ManualClock();
    store = new PrismaRequestStore(client.prisma, auditKeyFrom("r".repeat(32)), {
      notify: twoMessages,
      now: () => clock.now(),
    });
    counted = new Proxy(store, {
      get(target, name) {
        const member = Reflect.get(target, name, target);
        if (typeof member !== "function") return member;
        if (!["insert", "transition", "append"].includes(String(name))) return member.bind(target);
        return async (...args: unknown[]) => {
          client.reset();
          try {
            return await member.apply(target, args);
          } finally {
            trips[String(name)] = [...client.statements];
          }
        };
      },
    });
    service = new RequestService({
      store: counted,
      actions: testActions().registry,
      clock,
      directory: staticDirectory(),
      environments: ["production"],
    });
  });
  afterAll(async () => {
    await client?.close();
    await drop?.();
  });

  async function newRequest(): Promise<RequestRecord> {
    const made = await service.createRequest({
      actionId: "waive-invoice",
      environment: "production",
      team: "Acme",
      params: { invoice_id: "in_1", card_last4: "4242" },
      purpose: "Because",
      makerId: "U0MAKER",
      checkerIds: ["U0CHECK"],
    });
    if (!made.ok) throw new Error(made.refusal.message);
    return made.value.request;
  }

  const outboxRows = () => client.prisma.outboxMessage.count();

  it("creating a request: the number, then BEGIN, one call, the sealed event, COMMIT", async () => {
    await newRequest();
    expect(shapes(trips.insert ?? [])).toEqual([
      "SELECT nextval",
      "BEGIN",
      "request_change",
      "INSERT INTO audit_events",
      "COMMIT",
    ]);
  });

  it("a decision: BEGIN, one call (compare-and-set, two messages, the chain's head), the event, COMMIT", async () => {
    const request = await newRequest();
    const decided = await service.declineRequest({
      requestId: request.id,
      actorId: "U0CHECK",
      reason: "No",
    });
    expect(decided.ok).toBe(true);
    expect(shapes(trips.transition ?? [])).toEqual([
      "BEGIN",
      "request_change",
      "INSERT INTO audit_events",
      "COMMIT",
    ]);
  });

  it("an event about a request: BEGIN, one call, the event, COMMIT", async () => {
    const request = await newRequest();
    await counted.append(nudgeDraft(request), request);
    expect(shapes(trips.append ?? [])).toEqual([
      "BEGIN",
      "request_change",
      "INSERT INTO audit_events",
      "COMMIT",
    ]);
  });

  it("a lost compare-and-set writes nothing, queues nothing and never takes the chain's lock", async () => {
    const request = await newRequest();
    const queued = await outboxRows();
    const events = await client.prisma.auditEvent.count();
    // As if someone else had moved it on since it was read.
    const stale = { ...request, version: request.version - 1 };
    const draft = {
      ...nudgeDraft(request),
      type: "REQUEST_CANCELLED" as const,
      toStatus: "CANCELLED" as const,
      fromStatus: "PENDING" as const,
    };
    client.reset();
    expect(await store.transition(stale, draft)).toBeNull();
    expect(shapes(client.statements)).toEqual(["BEGIN", "request_change", "COMMIT"]);
    expect(await outboxRows()).toBe(queued);
    expect(await client.prisma.auditEvent.count()).toBe(events);
    expect((await store.findById(request.id))?.version).toBe(request.version);
  });

  it("names every column of requests, and only those, when it writes a request", async () => {
    const columns = await client.prisma.$queryRaw<{ column_name: string }[]>`
      SELECT column_name::text FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name = 'requests'`;
    const written = requestColumns(pendingRequest(), {
      dueAt: null,
      leaseInstance: null,
      leaseIncarnation: null,
      leasePid: null,
    });
    expect(Object.keys(written).sort()).toEqual(columns.map((c) => c.column_name).sort());
  });
});
