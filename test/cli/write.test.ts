import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { writeAll } from "../../src/cli/write.ts";

const LINE = `${"x".repeat(99)}\n`;

/** A reader that takes its time over every chunk, as a slow pipe does. */
function slowReader(highWaterMark: number) {
  const received: string[] = [];
  let length = 0;
  const out = new Writable({
    highWaterMark,
    write(chunk: Buffer, _encoding, done) {
      received.push(chunk.toString());
      length += chunk.length;
      setTimeout(done, 1);
    },
  });
  return { out, received: () => received.join(""), length: () => length };
}

describe("writeAll", () => {
  it("writes everything in order, never running far ahead of a slow reader", async () => {
    const { out, received, length } = slowReader(16 * 1024);
    let produced = 0;
    let furthestAhead = 0;
    async function* lines() {
      for (let i = 0; i < 20_000; i++) {
        furthestAhead = Math.max(furthestAhead, produced - length());
        produced += LINE.length;
        yield LINE;
      }
    }
    await writeAll(out, lines());
    await new Promise((resolve) => out.end(resolve));
    expect(received()).toBe(LINE.repeat(20_000));
    // 2 MB went through with at most about one batch (64 KiB) and the stream's buffer in memory.
    expect(furthestAhead).toBeLessThan(2 * 64 * 1024 + 16 * 1024);
  });

  it("stops quietly when the reader goes away (| head), closing the source", async () => {
    const out = new Writable({
      write(_chunk, _encoding, done) {
        done(Object.assign(new Error("write EPIPE"), { code: "EPIPE" }));
      },
    });
    let closed = false;
    async function* lines() {
      try {
        for (;;) yield LINE.repeat(1000);
      } finally {
        closed = true;
      }
    }
    await writeAll(out, lines());
    expect(closed).toBe(true);
  });

  it("passes on any other write error", async () => {
    const out = new Writable({
      write(_chunk, _encoding, done) {
        done(Object.assign(new Error("disk full"), { code: "ENOSPC" }));
      },
    });
    async function* lines() {
      for (;;) yield LINE.repeat(1000);
    }
    await expect(writeAll(out, lines())).rejects.toThrow("disk full");
  });
});
