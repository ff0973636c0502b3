import { randomUUID } from "node:crypto";
import { readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { isRunning } from "../core/processes.ts";

/**
 * One PGlite directory serves one process: two would each run PostgreSQL on the same files and
 * corrupt them. `<dataDir>.lock` (beside the directory, so copying a closed database never copies
 * a lock) names who holds it.
 *
 * Home-made rather than proper-lockfile (not installed, and it only judges a lock by its age, so
 * a restart after a crash would wait out the whole stale period): a lock whose process is gone
 * is taken over at once when that process ran on this host. A lock from another host (a new
 * container with another hostname on the same volume) is judged by its age: the holder touches
 * it every HEARTBEAT_MS, and one untouched for STALE_MS is left over from a killed process.
 */

export const HEARTBEAT_MS = 10_000;
export const STALE_MS = 60_000;

interface Holder {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
  readonly token: string;
}

export interface LockDeps {
  readonly pid: number;
  readonly host: string;
  readonly now: () => Date;
  /** Whether a process with this id runs on this host. */
  readonly isRunning: (pid: number) => boolean;
}

export interface DataDirLock {
  release(): Promise<void>;
}

export class DataDirInUseError extends Error {}

/** Locks this process holds: a lock naming our own pid that is not here is an earlier life's. */
const heldHere = new Set<string>();

const defaultDeps: LockDeps = {
  pid: process.pid,
  host: hostname(),
  now: () => new Date(),
  isRunning,
};

export async function lockDataDir(dataDir: string, deps = defaultDeps): Promise<DataDirLock> {
  const file = `${dataDir}.lock`;
  const me: Holder = {
    pid: deps.pid,
    host: deps.host,
    since: deps.now().toISOString(),
    token: randomUUID(),
  };
  // Twice at most: the second attempt follows the removal of a stale lock.
  for (let attempt = 0; ; attempt += 1) {
    try {
      await writeFile(file, `${JSON.stringify(me)}\n`, { flag: "wx", mode: 0o600 });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) throw error;
    }
    const holder = await readHolder(file);
    if (holder && !(await isStale(file, holder, deps))) {
      throw new DataDirInUseError(
        `${dataDir} is in use by process ${holder.pid} on host ${holder.host} since ${holder.since}; stop it first, or use PostgreSQL (DATABASE_URL) to run several replicas. If that process is gone, delete ${file}.`,
      );
    }
    await rm(file, { force: true });
  }
  heldHere.add(file);
  const heartbeat = setInterval(() => {
    const now = deps.now();
    utimes(file, now, now).catch(() => {});
  }, HEARTBEAT_MS);
  heartbeat.unref();
  return {
    release: async () => {
      clearInterval(heartbeat);
      heldHere.delete(file);
      // Only our own: had it been taken over meanwhile, the lock is the new holder's.
      if ((await readHolder(file))?.token === me.token) await rm(file, { force: true });
    },
  };
}

async function readHolder(file: string): Promise<Holder | undefined> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as Holder;
  } catch {
    // Gone meanwhile, or half written by a process killed at that moment: either way, no holder.
    return undefined;
  }
}

async function isStale(file: string, holder: Holder, deps: LockDeps): Promise<boolean> {
  if (holder.host === deps.host) {
    if (holder.pid === deps.pid) return !heldHere.has(file);
    return !deps.isRunning(holder.pid);
  }
  const touched = await stat(file).then((found) => found.mtimeMs);
  return deps.now().getTime() - touched > STALE_MS;
}
