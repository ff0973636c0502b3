import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  DriverAdapterError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { makePrivateDir, makeTreePrivate } from "../core/private-files.ts";
import { type PGliteLike, PGliteWorkerHost } from "./pglite-host.ts";
import { type DataDirLock, lockDataDir } from "./pglite-lock.ts";
import type { DatabaseTarget } from "./target.ts";

export interface OpenAdapter {
  readonly factory: SqlMigrationAwareDriverAdapterFactory;
  /** Runs a trivial query through the driver itself, whose errors say what went wrong. */
  probe(): Promise<void>;
  close(): Promise<void>;
}

export interface PostgresOptions {
  readonly poolSize?: number;
  readonly connectTimeoutMs?: number;
}

const PG_NAME_OID = 19;
const PG_TEXT_OID = 25;

/**
 * Work-around for prisma/orm#27403: @prisma/adapter-pg 6.19 cannot deserialize PostgreSQL's `name`
 * type, which the schema engine reads while migrating. Reporting such columns as `text` is exact
 * (a name is a short string). Used only for migrations; remove once the upstream issue is fixed.
 */
class NameAsTextPool extends pg.Pool {
  // biome-ignore lint/suspicious/noExplicitAny: pg.Pool#query has many overloads; we only post-process its result.
  override query(...args: any[]): any {
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    const result = (super.query as (...a: any[]) => any)(...args);
    if (typeof result?.then !== "function") return result;
    return result.then((res: pg.QueryResult) => {
      for (const field of res.fields ?? []) {
        if (field.dataTypeID === PG_NAME_OID) field.dataTypeID = PG_TEXT_OID;
      }
      return res;
    });
  }
}

/**
 * Both adapters mishandle migration scripts: adapter-pg 6.19 splits them on every ";" (breaking
 * the dollar-quoted trigger functions in our migrations) and pglite-prisma-adapter 0.6 does not
 * await them (a failing script becomes an unhandled rejection). Send each script whole, awaited;
 * on PostgreSQL a multi-statement query also runs as one implicit transaction.
 */
function withWholeScripts(
  factory: SqlMigrationAwareDriverAdapterFactory,
  runScript: (script: string) => Promise<unknown>,
): SqlMigrationAwareDriverAdapterFactory {
  const wrap = (adapter: SqlDriverAdapter): SqlDriverAdapter =>
    Object.assign(Object.create(adapter) as SqlDriverAdapter, {
      executeScript: async (script: string) => {
        try {
          await runScript(script);
        } catch (error) {
          throw asDriverAdapterError(error);
        }
      },
    });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => wrap(await factory.connect()),
    connectToShadowDb: async () => wrap(await factory.connectToShadowDb()),
  };
}

function asDriverAdapterError(error: unknown): unknown {
  if (!(error instanceof Error) || !("code" in error)) return error;
  const pgError = error as Error & { code?: string; severity?: string; detail?: string };
  return new DriverAdapterError({
    kind: "postgres",
    code: pgError.code ?? "UNKNOWN",
    severity: pgError.severity ?? "ERROR",
    message: pgError.message,
    detail: pgError.detail,
    column: undefined,
    hint: undefined,
  });
}

export function openPostgres(url: string, options: PostgresOptions = {}): OpenAdapter {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on("error", () => {});
  return {
    factory: new PrismaPg(pool),
    probe: async () => {
      await pool.query("SELECT 1");
    },
    close: () => pool.end(),
  };
}

export function openPostgresForMigrations(url: string, options: PostgresOptions = {}): OpenAdapter {
  // One connection, so the whole-script query runs on the session the schema engine uses.
  const pool = new NameAsTextPool({
    connectionString: url,
    max: 1,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
  });
  pool.on("error", () => {});
  return {
    factory: withWholeScripts(new PrismaPg(pool), (script) => pool.query(script)),
    probe: async () => {
      await pool.query("SELECT 1");
    },
    close: () => pool.end(),
  };
}

type Queryable = Pick<SqlDriverAdapter, "queryRaw" | "executeRaw">;

/**
 * pglite-prisma-adapter 0.6 reports database errors in the shape Prisma used before 6.19, without
 * `originalCode` / `originalMessage`, so Prisma renders every one as "Code: N/A. Message:
 * undefined". Re-raise them with those fields so operators see what PostgreSQL said.
 */
function withReadableErrors<T extends Queryable>(target: T): T {
  const rethrow = (error: unknown): never => {
    const cause = (error as { name?: string; cause?: Record<string, unknown> })?.cause;
    if ((error as Error)?.name !== "DriverAdapterError" || !cause || "originalMessage" in cause) {
      throw error;
    }
    throw new DriverAdapterError({
      ...(cause as ConstructorParameters<typeof DriverAdapterError>[0]),
      originalCode: String(cause.code ?? "N/A"),
      originalMessage: String(cause.message ?? ""),
    });
  };
  return Object.assign(Object.create(target) as T, {
    queryRaw: (query: Parameters<T["queryRaw"]>[0]) => target.queryRaw(query).catch(rethrow),
    executeRaw: (query: Parameters<T["executeRaw"]>[0]) => target.executeRaw(query).catch(rethrow),
  });
}

function readablePGliteAdapter(adapter: SqlDriverAdapter): SqlDriverAdapter {
  return Object.assign(withReadableErrors(adapter), {
    startTransaction: async (
      isolationLevel?: Parameters<SqlDriverAdapter["startTransaction"]>[0],
    ) => withReadableErrors(await adapter.startTransaction(isolationLevel)),
  });
}

/**
 * PostgreSQL's default 128 MB of shared buffers cost the process as much resident memory, once
 * touched, and WebAssembly memory never shrinks. Our database is tens of MB and the OS caches its
 * files anyway: 16 MB keeps the hot pages for about 100 MB less RSS (docs in the report of #19).
 */
export const PGLITE_SETTINGS: readonly string[] = ["shared_buffers=16MB"];

export interface PGliteOptions {
  /**
   * "worker" (the default, and what the bot runs): PGlite in a worker thread, so its
   * WebAssembly never stalls the bot's event loop. "main": in this thread (a test that opens
   * many databases saves the thread's start-up).
   */
  readonly thread?: "worker" | "main";
}

async function startPGlite(dataDir: string, options: PGliteOptions): Promise<PGliteLike> {
  if (options.thread === "main") {
    return PGlite.create(dataDir, {
      startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS.flatMap((s) => ["-c", s])],
    });
  }
  return PGliteWorkerHost.open({ dataDir, settings: PGLITE_SETTINGS });
}

/**
 * PGlite serves one process at a time (the lock file says which); the same instance serves
 * migrations and queries. Its directory is the bot user's alone (0700, files 0600), checked at
 * open and again at close.
 */
export async function openPGlite(
  dataDir: string,
  options: PGliteOptions = {},
): Promise<OpenAdapter & { readonly db: PGliteLike }> {
  // "memory://" runs without files (tests).
  const onDisk = !dataDir.startsWith("memory://");
  let lock: DataDirLock | undefined;
  if (onDisk) {
    await makePrivateDir(path.dirname(dataDir));
    lock = await lockDataDir(dataDir);
  }
  let db: PGliteLike;
  try {
    if (onDisk) await makePrivateDir(dataDir);
    db = await startPGlite(dataDir, options);
    if (onDisk) await makeTreePrivate(dataDir);
  } catch (error) {
    await lock?.release();
    throw error;
  }
  // pglite-prisma-adapter pins an older @prisma/driver-adapter-utils; the interfaces match at run
  // time. It calls only query, exec and transaction, which the worker host offers.
  const pglite = new PrismaPGlite(db as PGlite) as unknown as SqlMigrationAwareDriverAdapterFactory;
  const readable: SqlMigrationAwareDriverAdapterFactory = {
    provider: pglite.provider,
    adapterName: pglite.adapterName,
    connect: async () => readablePGliteAdapter(await pglite.connect()),
    connectToShadowDb: async () => readablePGliteAdapter(await pglite.connectToShadowDb()),
  };
  const factory = withWholeScripts(readable, (script) => db.exec(script));
  return {
    db,
    factory,
    probe: async () => {
      await db.query("SELECT 1");
    },
    close: async () => {
      try {
        await db.close();
        // What PostgreSQL created while running (WAL segments, new tables) was written 0666 too.
        if (onDisk) await makeTreePrivate(dataDir);
      } finally {
        await lock?.release();
      }
    },
  };
}

export async function openAdapter(target: DatabaseTarget): Promise<OpenAdapter> {
  return target.kind === "postgres" ? openPostgres(target.url) : openPGlite(target.dataDir);
}
