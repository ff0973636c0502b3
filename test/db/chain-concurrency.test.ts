import { afterAll, describe, expect, it } from "vitest";
import { verifyAuditTrail } from "../../src/audit/verify.ts";
import { ManualClock } from "../../src/core/clock.ts";
import { openPostgres } from "../../src/db/adapters.ts";
import type { Database } from "../../src/db/database.ts";
import { PrismaRequestStore } from "../../src/db/prisma-request-store.ts";
import { PrismaTrailReader } from "../../src/db/prisma-trail-reader.ts";
import type { DatabaseTarget } from "../../src/db/target.ts";
import { PrismaClient } from "../../src/generated/prisma/client.ts";
import { staticDirectory } from "../../src/requests/directory.ts";
import { RequestService } from "../../src/requests/request-service.ts";
import type { CommittedEvent } from "../../src/requests/store.ts";
import type { RequestRecord } from "../../src/requests/types.ts";
import { auditKeyFrom } from "../../src/trail/key.ts";
import { testActions } from "../support/actions.ts";
import { createTestTarget, databaseKinds } from "../support/database.ts";
import { nudgeDraft } from "../support/nudge.ts";
import { WAIT_MS } from "../support/patience.ts";
import { twoMessages } from "../support/two-messages.ts";

const KEY = auditKeyFrom("c".repeat(32));

/** 700 changes and a full verify each: minutes on a busy 2-core machine, though seconds alone. */
const SLOW = 10 * WAIT_MS;

/**
 * Like Promise.all, but waits for every one to settle before failing: a test that fails must not
 * close its clients under transactions still running.
 */
async function settled<T>(work: readonly Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(work);
  const failed = results.find((result) => result.status === "rejected");
  if (failed) throw failed.reason;
  return results.map((result) => (result as PromiseFulfilledResult<T>).value);
}

interface Writer {
  readonly service: RequestService;
  readonly store: PrismaRequestStore;
}

/**
 * The audit chain under 500 concurrent changes on PostgreSQL (PGlite serves one connection, so
 * nothing there runs concurrently): creations, decisions racing on the same requests (one wins,
 * the other is refused and its refusal sealed), and events about requests, through many stores
 * on one pool and through three "replicas" (clients of their own on the same database).
 */
describe.skipIf(!databaseKinds.includes("postgres"))(
  "the chain under 500 concurrent writers",
  () => {
    const opened: Database[] = [];
    let drop: () => Promise<void> = async () => {};
    let committed: CommittedEvent[] = [];
    afterAll(async () => {
      for (const database of opened) await database.close();
      await drop();
    });

    /** A database of its own for a test, with a client on a pool of `poolSize` connections. */
    async function connect(poolSize: number): Promise<Database> {
      const test = await createTestTarget("postgres", { migrated: true });
      const previous = drop;
      drop = async () => {
        await previous();
        await test.drop();
      };
      return open(test.target, poolSize);
    }

    /**
     * A client on a pool of its own. Hundreds of changes queue for its connections on a busy
     * machine: they wait as long as any test waits, not the bot's 5 s.
     */
    function open(target: DatabaseTarget, poolSize: number): Database {
      if (target.kind !== "postgres") throw new Error("PostgreSQL only");
      const adapter = openPostgres(target.url, { poolSize, connectTimeoutMs: WAIT_MS });
      const prisma = new PrismaClient({ adapter: adapter.factory });
      const database = {
        prisma,
        target,
        applied: [],
        close: async () => {
          await prisma.$disconnect();
          await adapter.close();
        },
      };
      opened.push(database);
      return database;
    }

    /** `count` writers, each with its own store (and service) on one of `databases`, in turn. */
    function writers(databases: readonly Database[], count: number): Writer[] {
      const clock = new ManualClock();
      return Array.from({ length: count }, (_, i) => {
        const database = databases[i % databases.length] as Database;
        const store = new PrismaRequestStore(database.prisma, KEY, {
          notify: twoMessages,
          onCommitted: (events) => committed.push(...events),
          // Hundreds of changes queue for the pool's connections; on a busy machine the last ones
          // wait longer than the bot's 15 s. How long is not what this test is about.
          connectionWaitMs: 5 * WAIT_MS,
          now: () => clock.now(),
        });
        const service = new RequestService({
          store,
          actions: testActions().registry,
          clock,
          directory: staticDirectory(),
          environments: ["production"],
        });
        return { service, store };
      });
    }

    /** A request by a maker of its own: one maker filing hundreds would hit the rate limit. */
    async function create(writer: Writer, maker: number): Promise<RequestRecord> {
      const made = await writer.service.createRequest({
        actionId: "waive-invoice",
        environment: "production",
        team: "Acme",
        params: { invoice_id: "in_1", card_last4: "4242" },
        purpose: "Because",
        makerId: `U0MAKER${maker}`,
        checkerIds: ["U0CHECK"],
      });
      if (!made.ok) throw new Error(made.refusal.message);
      return made.value.request;
    }

    /**
     * 200 requests first; then at once: 150 creations, a decline and a cancel of each of 100 of
     * them (200 decisions, one of each pair wins), and 150 events about the 100 others.
     */
    async function run(all: Writer[]) {
      const at = (i: number) => all[i % all.length] as Writer;
      const made = await settled(Array.from({ length: 200 }, (_, i) => create(at(i), i)));
      const decided = made.slice(0, 100);
      const noted = made.slice(100);
      const outcomes = await settled([
        ...Array.from({ length: 150 }, (_, i) => create(at(i), 200 + i).then(() => "created")),
        ...decided.flatMap((request, i) => [
          at(i)
            .service.declineRequest({ requestId: request.id, actorId: "U0CHECK", reason: "No" })
            .then((outcome) => (outcome.ok ? "decided" : outcome.refusal.code)),
          at(i + 7)
            .service.cancelRequest({ requestId: request.id, actorId: request.makerId })
            .then((outcome) => (outcome.ok ? "decided" : outcome.refusal.code)),
        ]),
        ...Array.from({ length: 150 }, (_, i) => {
          const request = noted[i % noted.length] as RequestRecord;
          return at(i + 3)
            .store.append(nudgeDraft(request), request)
            .then(() => "noted");
        }),
      ]);
      return { outcomes, decided };
    }

    async function expectSoundChain(database: Database, decided: readonly RequestRecord[]) {
      const { prisma } = database;
      expect(await verifyAuditTrail(new PrismaTrailReader(prisma), KEY)).toMatchObject({
        ok: true,
      });
      // Every committed change's events are there, each once, numbered without a gap.
      const rows = await prisma.auditEvent.findMany({ select: { id: true, seq: true } });
      const ids = committed.map(({ event }) => event.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(rows.map((row) => row.id).sort()).toEqual([...ids].sort());
      expect(rows.map((row) => Number(row.seq)).sort((a, b) => a - b)).toEqual(
        rows.map((_, i) => i + 1),
      );
      // One decision per raced request, and each request's two messages queued with it.
      const closed = await prisma.auditEvent.groupBy({
        by: ["requestId"],
        where: {
          requestId: { in: decided.map((r) => r.id) },
          type: { in: ["REQUEST_DECLINED", "REQUEST_CANCELLED"] },
        },
        _count: true,
      });
      expect(closed.map((group) => group._count)).toEqual(decided.map(() => 1));
      expect(await prisma.outboxMessage.count()).toBe(2 * (await prisma.request.count()));
    }

    function expectOutcomes(outcomes: readonly string[]) {
      const tally = (name: string) => outcomes.filter((outcome) => outcome === name).length;
      expect(tally("created")).toBe(150);
      expect(tally("noted")).toBe(150);
      expect(tally("decided")).toBe(100);
      expect(tally("decided") + outcomes.filter((o) => o.startsWith("REQUEST.")).length).toBe(200);
    }

    it(
      "20 stores on one pool of 24 connections: the chain verifies, every event once",
      async () => {
        committed = [];
        const database = await connect(24);
        const { outcomes, decided } = await run(writers([database], 20));
        expectOutcomes(outcomes);
        await expectSoundChain(database, decided);
      },
      SLOW,
    );

    it(
      "three replicas with pools of their own on one database: the chain verifies, every event once",
      async () => {
        committed = [];
        const replicas = [await connect(8)];
        const { target } = replicas[0] as Database;
        for (let i = 0; i < 2; i++) {
          replicas.push(open(target, 8));
        }
        const { outcomes, decided } = await run(writers(replicas, 21));
        expectOutcomes(outcomes);
        await expectSoundChain(replicas[0] as Database, decided);
      },
      SLOW,
    );
  },
);
