import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  Transaction,
} from "@prisma/driver-adapter-utils";
import { openAdapter } from "../../src/db/adapters.ts";
import type { DatabaseTarget } from "../../src/db/target.ts";
import { PrismaClient } from "../../src/generated/prisma/client.ts";

/**
 * A Prisma client whose driver adapter notes every statement it sends, each one a round trip to
 * the database: BEGIN and COMMIT included, whether the adapter or Prisma's engine sends them.
 */
export interface CountingClient {
  readonly prisma: PrismaClient;
  /** The statements sent since the last reset, in order. */
  readonly statements: string[];
  reset(): void;
  close(): Promise<void>;
}

export async function openCountingClient(target: DatabaseTarget): Promise<CountingClient> {
  const opened = await openAdapter(target);
  const statements: string[] = [];
  const note = (sql: string) => statements.push(sql.replace(/\s+/g, " ").trim());
  const counted = <T extends Pick<SqlDriverAdapter, "queryRaw" | "executeRaw">>(target: T): T =>
    Object.assign(Object.create(target) as T, {
      queryRaw: (query: SqlQuery) => {
        note(query.sql);
        return target.queryRaw(query);
      },
      executeRaw: (query: SqlQuery) => {
        note(query.sql);
        return target.executeRaw(query);
      },
    });
  const countedTransaction = (tx: Transaction): Transaction => {
    // Both adapters send BEGIN themselves, before handing the transaction over. PostgreSQL's then
    // gets COMMIT as a statement from Prisma; PGlite's ("phantom" queries) sends it on commit().
    note("BEGIN");
    const phantom = tx.options.usePhantomQuery;
    return Object.assign(counted(tx), {
      commit: () => {
        if (phantom) note("COMMIT");
        return tx.commit();
      },
      rollback: () => {
        if (phantom) note("ROLLBACK");
        return tx.rollback();
      },
    });
  };
  const wrap = (adapter: SqlDriverAdapter): SqlDriverAdapter =>
    Object.assign(counted(adapter), {
      startTransaction: async (level?: Parameters<SqlDriverAdapter["startTransaction"]>[0]) =>
        countedTransaction(await adapter.startTransaction(level)),
    });
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: opened.factory.provider,
    adapterName: opened.factory.adapterName,
    connect: async () => wrap(await opened.factory.connect()),
    connectToShadowDb: async () => wrap(await opened.factory.connectToShadowDb()),
  };
  const prisma = new PrismaClient({ adapter: factory });
  return {
    prisma,
    statements,
    reset: () => {
      statements.length = 0;
    },
    close: async () => {
      await prisma.$disconnect();
      await opened.close();
    },
  };
}
