import { Worker } from "node:worker_threads";
import type { PGlite, QueryOptions, Results, Transaction } from "@electric-sql/pglite";
import {
  fromWireError,
  type WireQueryOptions,
  type WorkerReply,
  type WorkerRequest,
  type WorkerSetup,
  type WorkerStarted,
} from "./pglite-protocol.ts";

/** What pglite-prisma-adapter and openPGlite call on PGlite; the worker host offers the same. */
export type PGliteLike = Pick<PGlite, "query" | "exec" | "transaction" | "close">;

type Pending = { resolve(value: unknown): void; reject(error: Error): void };
type Call = WorkerRequest extends infer R
  ? R extends { id: number }
    ? Omit<R, "id">
    : never
  : never;

/**
 * Starts pglite-worker.ts. Compiled (dist/*.js) it is a plain worker; from the sources (tsx,
 * vitest) the worker registers tsx first, since loaders do not carry over into worker threads.
 */
export function startWorker(setup: WorkerSetup): Worker {
  const compiled = import.meta.url.endsWith(".js");
  const script = new URL(compiled ? "./pglite-worker.js" : "./pglite-worker.ts", import.meta.url);
  if (compiled) return new Worker(script, { workerData: setup });
  const tsx = import.meta.resolve("tsx/esm/api");
  const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(script.href)}); })`;
  return new Worker(boot, { eval: true, workerData: setup });
}

/**
 * PGlite running in a worker thread, behind the part of PGlite's interface this code base uses.
 * Every call is a message; the worker answers each, errors with PostgreSQL's fields intact. If
 * the worker dies, every waiting and later call fails with the reason instead of hanging.
 */
export class PGliteWorkerHost implements PGliteLike {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #nextTransaction = 1;
  #stopped: Error | undefined;

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.on("message", (reply: WorkerReply) => this.#settle(reply));
    worker.on("error", (error) => this.#stop(error));
    worker.on("exit", (code) =>
      this.#stop(new Error(`PGlite's worker thread exited (code ${code})`)),
    );
  }

  /** `start` is replaceable so that a test can hold the thread, and kill it. */
  static async open(setup: WorkerSetup, start = startWorker): Promise<PGliteWorkerHost> {
    const worker = start(setup);
    // Named, to remove exactly these: removeAllListeners() would also drop Node's own ones.
    let onMessage!: (started: WorkerStarted) => void;
    let onError!: (error: Error) => void;
    let onExit!: (code: number) => void;
    const started = await new Promise<WorkerStarted>((resolve, reject) => {
      onMessage = resolve;
      onError = reject;
      onExit = (code) =>
        reject(new Error(`PGlite's worker thread exited (code ${code}) while opening`));
      worker.on("message", onMessage).on("error", onError).on("exit", onExit);
    })
      .catch(async (error: unknown) => {
        await worker.terminate();
        throw error;
      })
      .finally(() => {
        worker.off("message", onMessage).off("error", onError).off("exit", onExit);
      });
    if (!started.ready) {
      await worker.terminate();
      throw fromWireError(started.error);
    }
    return new PGliteWorkerHost(worker);
  }

  get closed(): boolean {
    return this.#stopped !== undefined;
  }

  query<T>(sql: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> {
    return this.#query<T>(sql, params, options);
  }

  async exec(sql: string): Promise<Results[]> {
    return (await this.#call({ op: "exec", sql })) as Results[];
  }

  /**
   * Runs `callback` in one transaction in the worker: its statements carry the transaction's
   * id; everything else waits there until it commits or rolls back.
   */
  async transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T> {
    const id = this.#nextTransaction++;
    await this.#call({ op: "begin", tx: id });
    let closed = false;
    const usable = () => {
      if (closed) throw new Error("Transaction is closed");
    };
    const tx = {
      query: async <R>(sql: string, params: unknown[] = [], options?: QueryOptions) => {
        usable();
        return this.#query<R>(sql, params, options, id);
      },
      exec: async (sql: string) => {
        usable();
        return (await this.#call({ op: "exec", sql, tx: id })) as Results[];
      },
      rollback: () => {
        usable();
        closed = true;
        const done = this.#call({ op: "rollback", tx: id }).then(() => {});
        // pglite-prisma-adapter does not await it; its failure shows when the transaction ends.
        done.catch(() => {});
        return done;
      },
      get closed() {
        return closed;
      },
    } as unknown as Transaction;
    let result: T;
    try {
      result = await callback(tx);
    } catch (error) {
      closed = true;
      await this.#call({ op: "end", tx: id, commit: false }).catch(() => {});
      throw error;
    }
    closed = true;
    await this.#call({ op: "end", tx: id, commit: true });
    return result;
  }

  /** Closes PGlite (it checkpoints), then ends the thread. */
  async close(): Promise<void> {
    if (this.#stopped) return;
    try {
      await this.#call({ op: "close" });
    } finally {
      this.#stop(new Error("PGlite is closed"));
      await this.#worker.terminate();
    }
  }

  async #query<T>(
    sql: string,
    params: unknown[],
    options: QueryOptions | undefined,
    tx?: number,
  ): Promise<Results<T>> {
    if (options?.serializers || options?.blob) {
      throw new Error("PGlite's worker host takes no serializers or blob");
    }
    const parsers = options?.parsers ?? {};
    const wire: WireQueryOptions = {
      rowMode: options?.rowMode,
      rawTypes: Object.keys(parsers).map(Number),
    };
    const result = (await this.#call({
      op: "query",
      sql,
      params,
      options: wire,
      tx,
    })) as Results<T>;
    if (wire.rawTypes.length > 0)
      parseRaw(result as Results, parsers, options?.rowMode === "array");
    return result;
  }

  #call(call: Call): Promise<unknown> {
    if (this.#stopped) return Promise.reject(this.#stopped);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ ...call, id });
    });
  }

  #settle(reply: WorkerReply): void {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id);
    if (reply.ok) pending.resolve(reply.result);
    else pending.reject(fromWireError(reply.error));
  }

  /** Fails every waiting call with `reason`, and every later one. */
  #stop(reason: Error): void {
    this.#stopped ??= new Error(`The database is unavailable: ${reason.message}`, {
      cause: reason,
    });
    for (const pending of this.#pending.values()) pending.reject(this.#stopped);
    this.#pending.clear();
  }
}

/** Applies the caller's parsers, which cannot cross to the worker, to the text it sent back. */
function parseRaw(
  result: Results,
  parsers: NonNullable<QueryOptions["parsers"]>,
  arrayRows: boolean,
): void {
  result.fields.forEach((field, index) => {
    const parse = parsers[field.dataTypeID] as
      | ((text: string, type: number) => unknown)
      | undefined;
    if (!parse) return;
    for (const row of result.rows as Record<string | number, unknown>[]) {
      const key = arrayRows ? index : field.name;
      const text = row[key];
      if (typeof text === "string") row[key] = parse(text, field.dataTypeID);
    }
  });
}
