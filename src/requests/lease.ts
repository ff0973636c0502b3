import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import path from "node:path";
import { isRunning } from "../core/processes.ts";

/**
 * The process running an EXECUTING request, recorded with its lease. A process that starts finds
 * the leases an earlier run of itself held and takes them over at once, instead of waiting for
 * them to run out: it knows that earlier run is gone.
 */
export interface LeaseHolder {
  /**
   * The same across restarts of one deployment slot: INSTANCE_ID, else this host's name and the
   * data directory. Never shared by two processes running at once (see `isGone`).
   */
  readonly instance: string;
  /** This run of the process, new at every start. */
  readonly incarnation: string;
  /** The process id, to tell a process that stopped from a sibling on the same host. */
  readonly pid: number;
}

export function newLeaseHolder(instance: string): LeaseHolder {
  return { instance, incarnation: randomUUID(), pid: process.pid };
}

/** The instance id when INSTANCE_ID is unset: this host and this data directory. */
export function defaultInstanceId(dataDir: string): string {
  return `${hostname()}:${path.resolve(dataDir)}`;
}

export function sameHolder(a: LeaseHolder | null, b: LeaseHolder | null): boolean {
  return a !== null && b !== null && a.incarnation === b.incarnation;
}

export interface GoneCheck {
  readonly me: LeaseHolder;
  /**
   * True when the database serves one process at a time (embedded PGlite): every lease but this
   * process's own was left by a process that stopped.
   */
  readonly exclusive: boolean;
  readonly isRunning?: (pid: number) => boolean;
}

/**
 * Whether the process that holds a lease is certainly gone, so its lease may be taken over now:
 * an earlier run of this same instance whose process no longer runs (a restart on the same host
 * gets a new process id; in a new container it may get the same one, which is then not a
 * sibling's), or any other holder when the database is this process's alone. Anything else, a
 * replica on another host or a sibling process alive on this one, keeps its lease until it runs
 * out.
 */
export function isGone(holder: LeaseHolder | null, check: GoneCheck): boolean {
  const { me } = check;
  if (holder?.incarnation === me.incarnation) return false;
  if (check.exclusive) return true;
  if (holder === null || holder.instance !== me.instance) return false;
  return holder.pid === me.pid || !(check.isRunning ?? isRunning)(holder.pid);
}
