import { messages } from "@electric-sql/pglite";

/**
 * The messages between the bot's thread and the worker thread that owns PGlite
 * (pglite-host.ts, pglite-worker.ts). Everything in them survives structured cloning: Date,
 * bigint, Uint8Array, arrays and plain objects do; functions (PGlite's custom parsers) and the
 * extra fields of an Error do not, so those two travel in another form.
 */

/** What the worker needs to open PGlite. */
export interface WorkerSetup {
  readonly dataDir: string;
  /** Extra PostgreSQL settings (`-c name=value`), after PGlite's own start parameters. */
  readonly settings: readonly string[];
}

/** Which statement options cross: the type ids to hand back as text (the caller parses them). */
export interface WireQueryOptions {
  readonly rowMode?: "array" | "object";
  readonly rawTypes: readonly number[];
}

/** `tx` names the open transaction a statement belongs to; without it, it waits for none. */
export type WorkerRequest = { readonly id: number } & (
  | {
      readonly op: "query";
      readonly sql: string;
      readonly params: readonly unknown[];
      readonly options: WireQueryOptions;
      readonly tx?: number;
    }
  | { readonly op: "exec"; readonly sql: string; readonly tx?: number }
  | { readonly op: "begin"; readonly tx: number }
  | { readonly op: "rollback"; readonly tx: number }
  | { readonly op: "end"; readonly tx: number; readonly commit: boolean }
  | { readonly op: "close" }
);

export type WorkerReply =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: WireError };

/** The worker's first message: PGlite is open, or why it could not be. */
export type WorkerStarted = { readonly ready: true } | { readonly ready: false; error: WireError };

/** An error flattened to clonable fields: PostgreSQL's (code, severity, detail…) stay intact. */
export interface WireError {
  readonly database: boolean;
  readonly message: string;
  readonly name: string;
  readonly stack?: string;
  readonly fields: Record<string, string | number | boolean>;
}

export function toWireError(error: unknown): WireError {
  if (!(error instanceof Error)) {
    return { database: false, message: String(error), name: "Error", fields: {} };
  }
  const fields: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(error)) {
    if (["string", "number", "boolean"].includes(typeof value)) {
      fields[key] = value as string | number | boolean;
    }
  }
  return {
    database: error instanceof messages.DatabaseError,
    message: error.message,
    name: error.name,
    stack: error.stack,
    fields,
  };
}

/**
 * The error again, on the bot's thread. A database error is a real PGlite DatabaseError, since
 * pglite-prisma-adapter tells those from the rest with `instanceof`.
 */
export function fromWireError(wire: WireError): Error {
  const error = wire.database
    ? new messages.DatabaseError(
        wire.message,
        Number(wire.fields.length ?? 0),
        "error" as ConstructorParameters<typeof messages.DatabaseError>[2],
      )
    : new Error(wire.message);
  Object.assign(error, wire.fields);
  if (!wire.database) Object.defineProperty(error, "name", { value: wire.name });
  if (wire.stack) error.stack = `${error.stack}\n    in PGlite's worker thread: ${wire.stack}`;
  return error;
}
