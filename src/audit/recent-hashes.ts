/**
 * The hashes of the latest `size` events, by seq, in fixed memory (32 bytes and two numbers per
 * slot, allocated once): what a repeated line or a checkpoint line is compared with when a file
 * is read line by line, however long it is.
 */
export class RecentHashes {
  readonly size: number;
  readonly #hashes: Buffer;
  readonly #seqs: Float64Array;
  readonly #lines: Float64Array;

  constructor(size: number) {
    this.size = size;
    this.#hashes = Buffer.alloc(size * 32);
    this.#seqs = new Float64Array(size).fill(-1);
    this.#lines = new Float64Array(size);
  }

  /** Remembers the hash of event `seq`, read on `line` (0: not on a line of its own). */
  put(seq: number, hash: string, line: number): void {
    const slot = seq % this.size;
    this.#hashes.write(hash, slot * 32, 32, "hex");
    this.#seqs[slot] = seq;
    this.#lines[slot] = line;
  }

  /** The hash of event `seq` and its line, or undefined once it is too far back (or never seen). */
  get(seq: number): { readonly hash: string; readonly line: number } | undefined {
    const slot = seq % this.size;
    if (seq < 0 || this.#seqs[slot] !== seq) return undefined;
    const hash = this.#hashes.toString("hex", slot * 32, slot * 32 + 32);
    return { hash, line: this.#lines[slot] ?? 0 };
  }
}
