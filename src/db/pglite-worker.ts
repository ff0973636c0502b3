import { parentPort, workerData } from "node:worker_threads";
import { PGlite, type Results, type Transaction } from "@electric-sql/pglite";
import {
  toWireError,
  type WireQueryOptions,
  type WorkerReply,
  type WorkerRequest,
  type WorkerSetup,
  type WorkerStarted,
} from "./pglite-protocol.ts";

/**
 * The worker thread that owns PGlite (started by pglite-host.ts). PostgreSQL in WebAssembly runs
 * each statement to its end without yielding; here that stalls this thread, not the bot's.
 *
 * PGlite is one connection: while a transaction is open its own lock makes every statement
 * outside it wait, so this file only has to route a transaction's statements to it.
 */

interface OpenTransaction {
  readonly tx: Transaction;
  /** Settles PGlite's transaction callback: true commits, false rolls back. */
  readonly finish: (commit: boolean) => void;
  /** PGlite's transaction(): settles once COMMIT or ROLLBACK has run. */
  readonly done: Promise<void>;
  /** The transaction's statements run in order, so a rollback is over before its end. */
  tail: Promise<unknown>;
}

/** Thrown in PGlite's transaction callback to make it roll back; not an error to report. */
class RollBack extends Error {}

const port = parentPort;
if (!port) throw new Error("pglite-worker.ts runs in a worker thread (see pglite-host.ts)");
const setup = workerData as WorkerSetup;
const open = new Map<number, OpenTransaction>();

function run(db: PGlite, request: WorkerRequest): Promise<unknown> {
  switch (request.op) {
    case "query":
      return inOrder(request.tx, (on) =>
        on(db).query(request.sql, [...request.params], queryOptions(request.options)),
      ).then((result) => withoutBlob(result as Results));
    case "exec":
      return inOrder(request.tx, (on) => on(db).exec(request.sql)).then((results) =>
        (results as Results[]).map(withoutBlob),
      );
    case "begin":
      return begin(db, request.tx);
    case "rollback":
      return inOrder(request.tx, (on) => (on(db) as Transaction).rollback());
    case "end":
      return end(request.tx, request.commit);
    case "close":
      return db.close();
  }
}

/** Runs `statement` on the open transaction `tx` after its earlier ones, or on PGlite itself. */
function inOrder<T>(
  tx: number | undefined,
  statement: (on: (db: PGlite) => PGlite | Transaction) => Promise<T>,
): Promise<T> {
  if (tx === undefined) return statement((db) => db);
  const entry = open.get(tx);
  if (!entry) return Promise.reject(new Error(`Transaction ${tx} is not open`));
  const next = entry.tail.then(() => statement(() => entry.tx));
  entry.tail = next.catch(() => {});
  return next;
}

/** Opens transaction `id` and answers once BEGIN ran (PGlite waits for any other first). */
function begin(db: PGlite, id: number): Promise<void> {
  return new Promise((started, failed) => {
    const done = db.transaction(async (tx) => {
      const outcome = new Promise<boolean>((finish) => {
        open.set(id, { tx, finish, done, tail: Promise.resolve() });
      });
      started();
      if (!(await outcome)) throw new RollBack();
    });
    // Before `started` this is BEGIN failing; after it, `end` reports the outcome.
    done.catch(failed);
  });
}

async function end(id: number, commit: boolean): Promise<void> {
  const entry = open.get(id);
  if (!entry) throw new Error(`Transaction ${id} is not open`);
  await entry.tail;
  entry.finish(commit);
  try {
    await entry.done;
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
  } finally {
    open.delete(id);
  }
}

/** Types the caller parses itself come back as PostgreSQL's text. */
function queryOptions(options: WireQueryOptions) {
  const asText = (text: string) => text;
  return {
    rowMode: options.rowMode,
    parsers: Object.fromEntries(options.rawTypes.map((type) => [type, asText])),
  };
}

/** A result's `blob` (COPY TO) is never used here, and is not worth cloning. */
function withoutBlob(result: Results): Results {
  const { blob: _blob, ...rest } = result;
  return rest;
}

function reply(message: WorkerReply): void {
  try {
    port?.postMessage(message);
  } catch (error) {
    // A value structured cloning refuses: the caller gets that error rather than no answer.
    port?.postMessage({
      id: message.id,
      ok: false,
      error: toWireError(error),
    } satisfies WorkerReply);
  }
}

try {
  const db = await PGlite.create(setup.dataDir, {
    startParams: [...PGlite.defaultStartParams, ...setup.settings.flatMap((s) => ["-c", s])],
  });
  port.on("message", (request: WorkerRequest) => {
    run(db, request).then(
      (result) => reply({ id: request.id, ok: true, result }),
      (error: unknown) => reply({ id: request.id, ok: false, error: toWireError(error) }),
    );
  });
  port.postMessage({ ready: true } satisfies WorkerStarted);
} catch (error) {
  port.postMessage({ ready: false, error: toWireError(error) } satisfies WorkerStarted);
}
