import type { AuditEvent } from "../requests/audit-events.ts";
import { GENESIS_HASH, hashEvent, sameHex } from "../trail/chain.ts";
import type { AuditKey } from "../trail/key.ts";
import { type Checkpoint, CheckpointError, checkpointProblem } from "./checkpoint.ts";
import { eventLabel } from "./describe.ts";
import { RecentHashes } from "./recent-hashes.ts";

export type FileProblemKind =
  /** A line that is not an event or a checkpoint. */
  | "malformed"
  /** The last line is cut off, or the file ends before a checkpoint's event. */
  | "truncated"
  /** An event's content does not match its hash: edited, or its hash made without the key. */
  | "edited"
  | "dropped"
  | "reordered"
  /** Sealed with another key than the one given. */
  | "wrong-key"
  /** An event whose seal is sound but that links to another predecessor, or a second event 7. */
  | "spliced"
  /** A checkpoint not signed with the key, or changed since. */
  | "forged-checkpoint"
  /** A checkpoint vouches for another hash than the file's event at its seq. */
  | "rewritten";

export interface FileProblem {
  readonly kind: FileProblemKind;
  readonly line?: number;
  readonly seq?: number;
  readonly message: string;
}

export interface FileSummary {
  readonly events: number;
  /** Exact repeats of a line already read (at-least-once delivery), skipped. */
  readonly duplicates: number;
  /** Checkpoint lines whose signature and hash were checked. */
  readonly checkpoints: number;
  /** Checkpoint lines about an event before the file starts: only their signature was checked. */
  readonly uncheckedCheckpoints: number;
  /** The first event: the file starts mid-trail unless it is event 1. */
  readonly first: { readonly seq: number; readonly prevHash: string } | null;
  readonly last: { readonly seq: number; readonly hash: string; readonly at: Date } | null;
}

/** Checkpoint lines may run ahead of their events by this many; more is not a sink's doing. */
const MAX_PENDING = 1000;

type Gap = { readonly missing: { from: number; to: number }; readonly event: AuditEvent };

/** The chain as a file is read, line by line: the checks of verify-file.ts, in fixed memory. */
export class FileChain {
  readonly #key: AuditKey;
  readonly #checkpoint: Checkpoint | undefined;
  readonly #recent: RecentHashes;
  #pending: { line: number; checkpoint: Checkpoint }[] = [];
  #first: { seq: number; prevHash: string } | null = null;
  #last: { seq: number; hash: string; at: Date; line: number } | null = null;
  #events = 0;
  #duplicates = 0;
  #checkpoints = 0;
  #unchecked = 0;

  constructor(key: AuditKey, window: number, checkpoint?: Checkpoint) {
    this.#key = key;
    this.#recent = new RecentHashes(window);
    this.#checkpoint = checkpoint;
  }

  /** A problem, a gap for the caller to explain (dropped or reordered), or null when sound. */
  event(line: number, event: AuditEvent): FileProblem | Gap | null {
    const last = this.#last;
    if (last !== null && event.seq <= last.seq) return this.#repeat(line, event);
    if (last !== null && event.seq > last.seq + 1) {
      return { missing: { from: last.seq + 1, to: event.seq - 1 }, event };
    }
    const problem = this.#seal(line, event);
    if (problem) return problem;
    if (last === null) {
      const start = this.#start(line, event);
      if (start) return start;
    } else if (!sameHex(event.prevHash, last.hash)) {
      return {
        kind: "spliced",
        line,
        seq: event.seq,
        message: `line ${line}, ${eventLabel(event)}: its seal is sound but it links to another event ${last.seq} than the one on line ${last.line} (lines from another trail, or the event before it replaced)`,
      };
    }
    this.#recent.put(event.seq, event.hash, line);
    this.#last = { seq: event.seq, hash: event.hash, at: event.at, line };
    this.#events += 1;
    return this.#vouched(event.seq) ?? null;
  }

  checkpointLine(line: number, checkpoint: Checkpoint): FileProblem | null {
    const problem = checkpointProblem(this.#key, checkpoint);
    if (problem)
      return { kind: "forged-checkpoint", line, message: `line ${line}: ${problem.message}` };
    this.#checkpoints += 1;
    if (this.#last === null || checkpoint.seq > this.#last.seq) {
      // Its event is yet to come (or, before the first event, it may be before the file starts).
      this.#pending.push({ line, checkpoint });
      if (this.#pending.length <= MAX_PENDING) return null;
      return {
        kind: "malformed",
        line,
        message: `line ${line}: more than ${MAX_PENDING} checkpoints ahead of their events`,
      };
    }
    return this.#compare(line, checkpoint);
  }

  /** What the end of the file leaves unproven: a checkpoint whose event never came. */
  end(): FileProblem | null {
    const ends = this.#last
      ? `the file ends at event ${this.#last.seq} (line ${this.#last.line})`
      : "the file holds no events";
    const shipped = this.#checkpoint;
    if (shipped && shipped.seq > (this.#last?.seq ?? 0)) {
      return {
        kind: "truncated",
        seq: (this.#last?.seq ?? 0) + 1,
        message: `${ends}, before the checkpoint's event ${shipped.seq}: the events after it were cut off`,
      };
    }
    const pending = this.#pending[0];
    if (pending) {
      return {
        kind: "truncated",
        line: pending.line,
        seq: pending.checkpoint.seq,
        message: `${ends}, but the checkpoint on line ${pending.line} vouches for event ${pending.checkpoint.seq}: the events after it were cut off`,
      };
    }
    return null;
  }

  summary(): FileSummary {
    const last = this.#last;
    return {
      events: this.#events,
      duplicates: this.#duplicates,
      checkpoints: this.#checkpoints - this.#unchecked,
      uncheckedCheckpoints: this.#unchecked,
      first: this.#first,
      last: last ? { seq: last.seq, hash: last.hash, at: last.at } : null,
    };
  }

  /** The key, then the seal: a wrong key is named as such rather than as an edit on every line. */
  #seal(line: number, event: AuditEvent): FileProblem | null {
    if (event.keyId !== this.#key.id) {
      return {
        kind: "wrong-key",
        line,
        seq: event.seq,
        message: `line ${line}, ${eventLabel(event)}: it was sealed with another audit key (key id ${event.keyId}, the key given is ${this.#key.id})`,
      };
    }
    if (sameHex(hashEvent(this.#key, event), event.hash)) return null;
    return {
      kind: "edited",
      line,
      seq: event.seq,
      message: `line ${line}, ${eventLabel(event)}: its content does not match its hash (the line was edited, or its hash made without the key)`,
    };
  }

  /** The first event: event 1 links to the genesis hash; any other is taken as the anchor. */
  #start(line: number, event: AuditEvent): FileProblem | null {
    if (event.seq === 1 && event.prevHash !== GENESIS_HASH) {
      return {
        kind: "spliced",
        line,
        seq: 1,
        message: `line ${line}, ${eventLabel(event)}: the first event of a trail must link to the genesis hash, and this one does not`,
      };
    }
    this.#first = { seq: event.seq, prevHash: event.prevHash };
    // The anchor: what event seq - 1's hash must be, as far as this file can tell.
    this.#recent.put(event.seq - 1, event.prevHash, 0);
    const shipped = this.#checkpoint;
    if (shipped && shipped.seq < event.seq - 1) {
      throw new CheckpointError(
        `The checkpoint is at event ${shipped.seq}, and the file starts at event ${event.seq}: the file cannot prove anything about it. Use a checkpoint at event ${event.seq - 1} or later, or a file that starts earlier.`,
      );
    }
    // Checkpoint lines read before this event: about an event before the file, or yet to come.
    const anchor = event.seq - 1;
    this.#unchecked += this.#pending.filter((it) => it.checkpoint.seq < anchor).length;
    this.#pending = this.#pending.filter((it) => it.checkpoint.seq >= anchor);
    return this.#vouched(anchor) ?? null;
  }

  /** Checkpoints (shipped, or lines read earlier) about event `seq`, now that it is known. */
  #vouched(seq: number): FileProblem | undefined {
    const shipped = this.#checkpoint;
    if (shipped && shipped.seq === seq) {
      const problem = this.#compare(0, shipped);
      if (problem) return problem;
    }
    if (this.#pending.length === 0) return undefined;
    const due = this.#pending.filter((ahead) => ahead.checkpoint.seq === seq);
    this.#pending = this.#pending.filter((ahead) => ahead.checkpoint.seq !== seq);
    for (const ahead of due) {
      const problem = this.#compare(ahead.line, ahead.checkpoint);
      if (problem) return problem;
    }
    return undefined;
  }

  /** A checkpoint (line 0: the one given) held against the hash the file has for its event. */
  #compare(line: number, checkpoint: Checkpoint): FileProblem | null {
    const known = this.#recent.get(checkpoint.seq);
    if (!known) {
      this.#unchecked += 1;
      return null;
    }
    if (sameHex(known.hash, checkpoint.hash)) return null;
    const which = line === 0 ? "the checkpoint" : `the checkpoint on line ${line}`;
    const where = known.line === 0 ? "the file's first line links to it" : `line ${known.line}`;
    return {
      kind: "rewritten",
      ...(line === 0 ? {} : { line }),
      seq: checkpoint.seq,
      message: `${which} vouches for event ${checkpoint.seq} with hash ${checkpoint.hash.slice(0, 12)}…, but ${where} with hash ${known.hash.slice(0, 12)}… (the trail up to the checkpoint was rewritten)`,
    };
  }

  /** An event whose seq was already read: an exact repeat is skipped, anything else is not. */
  #repeat(line: number, event: AuditEvent): FileProblem | null {
    const first = this.#first?.seq ?? 1;
    if (event.seq < first) {
      return {
        kind: "reordered",
        line,
        seq: event.seq,
        message: `line ${line} holds event ${event.seq}, which belongs before the file's first event ${first} (lines were reordered)`,
      };
    }
    const problem = this.#seal(line, event);
    if (problem) return problem;
    const known = this.#recent.get(event.seq);
    // Too far back to compare: its seal is sound, and only the key's holder could make another.
    if (known === undefined || sameHex(known.hash, event.hash)) {
      this.#duplicates += 1;
      return null;
    }
    return {
      kind: "spliced",
      line,
      seq: event.seq,
      message: `line ${line} holds another ${eventLabel(event)} than line ${known.line}: two different events with one number`,
    };
  }
}
