import { once } from "node:events";
import type { Writable } from "node:stream";

/** Fewer, larger writes: a million one-line writes cost far more than the lines themselves. */
const CHUNK_CHARS = 64 * 1024;

/**
 * Writes `chunks` to `out`, waiting for "drain" whenever its buffer is full, so a slow reader
 * slows the database reads down instead of filling memory. A reader that goes away early
 * (`| head`) ends the output quietly.
 */
export async function writeAll(out: Writable, chunks: AsyncIterable<string>): Promise<void> {
  let failed: NodeJS.ErrnoException | undefined;
  // Without a listener, an EPIPE that arrives between writes would crash the process.
  const onError = (error: NodeJS.ErrnoException) => {
    failed = error;
  };
  out.on("error", onError);
  try {
    let buffer = "";
    for await (const chunk of chunks) {
      buffer += chunk;
      if (buffer.length < CHUNK_CHARS) continue;
      await write(out, buffer);
      buffer = "";
      if (failed) break;
    }
    if (buffer && !failed) await write(out, buffer);
  } catch (error) {
    failed = error as NodeJS.ErrnoException;
  } finally {
    out.off("error", onError);
  }
  if (failed && failed.code !== "EPIPE") throw failed;
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, "drain");
}
