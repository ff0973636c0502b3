import { appendFile, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditFileName, fileSink } from "../../../src/audit/sinks/file-sink.ts";
import type { SinkBatch } from "../../../src/audit/sinks/sink.ts";

const batch = (first: number, count: number): SinkBatch => {
  const seqs = Array.from({ length: count }, (_, i) => first + i);
  return {
    kind: "events",
    first,
    last: first + count - 1,
    seqs,
    lines: seqs.map((seq) => JSON.stringify({ seq, pad: "x".repeat(20) })),
  };
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "four-eyes-file-sink-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function lines(name: string, under = dir): Promise<string[]> {
  return (await readFile(path.join(under, name), "utf8")).split("\n");
}

describe("the file sink", () => {
  it("appends whole lines and starts the next numbered file when one would grow too big", async () => {
    const sink = fileSink({ dir: path.join(dir, "audit"), maxBytes: 200, batchSize: 10 });
    await sink.deliver(batch(1, 3)); // 3 lines of 33 bytes
    await sink.deliver(batch(4, 2));
    await sink.deliver(batch(6, 3)); // would pass 200 bytes: a new file
    await sink.close();
    expect(await readdir(path.join(dir, "audit"))).toEqual([auditFileName(1), auditFileName(2)]);
    const first = await readFile(path.join(dir, "audit", auditFileName(1)), "utf8");
    expect(first.split("\n").map((line) => (line ? JSON.parse(line).seq : ""))).toEqual([
      1,
      2,
      3,
      4,
      5,
      "",
    ]);
    expect(await lines(auditFileName(2), path.join(dir, "audit"))).toHaveLength(4);
  });

  it("after a crash mid-write, cuts the torn line off and goes on in the same file", async () => {
    const sink = fileSink({ dir, maxBytes: 10_000, batchSize: 10 });
    await sink.deliver(batch(1, 2));
    await sink.close();
    // What a crash in the middle of the next batch leaves: half a line.
    await appendFile(path.join(dir, auditFileName(1)), '{"seq":3,"pad":"xx');
    const restarted = fileSink({ dir, maxBytes: 10_000, batchSize: 10 });
    await restarted.deliver(batch(3, 2));
    await restarted.close();
    const written = await lines(auditFileName(1));
    expect(written.map((line) => (line ? JSON.parse(line).seq : ""))).toEqual([1, 2, 3, 4, ""]);
  });

  it("fails when the directory cannot be written, and the doctor's probe says so", async () => {
    const file = path.join(dir, "not-a-dir");
    await appendFile(file, "");
    const sink = fileSink({ dir: file, maxBytes: 10_000, batchSize: 10 });
    await expect(sink.deliver(batch(1, 1))).rejects.toThrow(/writing to .*not-a-dir failed/);
    await expect(sink.probe()).rejects.toThrow();
    await expect(fileSink({ dir, maxBytes: 1, batchSize: 1 }).probe()).resolves.toBeUndefined();
  });
});
