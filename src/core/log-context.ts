import { AsyncLocalStorage } from "node:async_hooks";
import type { LogFields } from "./logger.ts";

const storage = new AsyncLocalStorage<Record<string, unknown>>();

/**
 * Runs `work` with `fields` added to every line logged inside it, however deep and however
 * asynchronous: a Slack request's ids reach the lines its listener, the core and the store write
 * without being passed down by hand.
 */
export function withLogContext<T>(fields: LogFields, work: () => T): T {
  return storage.run({ ...storage.getStore(), ...fields }, work);
}

/** Adds fields to the current context (once a listener knows which request it is about). */
export function addToLogContext(fields: LogFields): void {
  const store = storage.getStore();
  if (store) Object.assign(store, fields);
}

/** The fields of the current context; empty outside any. */
export function currentLogContext(): LogFields {
  return storage.getStore() ?? {};
}
