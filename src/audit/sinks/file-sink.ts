import { constants } from "node:fs";
import { access, type FileHandle, mkdir, open, readdir } from "node:fs/promises";
import path from "node:path";
import { describeError } from "../../core/errors.ts";
import { cutTornLine } from "./file-tail.ts";
import { type AuditSink, SinkFailure } from "./sink.ts";

/** four-eyes-audit-000001.jsonl, -000002…: the names sort in the order they were written. */
const FILE_NAME = /^four-eyes-audit-(\d{6,})\.jsonl$/;

export function auditFileName(number: number): string {
  return `four-eyes-audit-${String(number).padStart(6, "0")}.jsonl`;
}

export interface FileSinkOptions {
  readonly dir: string;
  /** A file that would grow past this many bytes is closed and the next one started. */
  readonly maxBytes: number;
  readonly batchSize: number;
}

interface OpenFile {
  readonly number: number;
  readonly handle: FileHandle;
  size: number;
}

/**
 * Appends lines to numbered JSONL files in a directory (for Vector, Fluent Bit or any tailer),
 * each batch synced to disk before it counts as delivered. A file is opened again after every
 * start or failure, and a torn last line (a crash mid-write) cut off first; the events after the
 * cursor are then written again, so a line may appear twice, never half.
 */
export function fileSink(options: FileSinkOptions): AuditSink {
  let current: OpenFile | null = null;
  const close = async () => {
    const file = current;
    current = null;
    await file?.handle.close().catch(() => {});
  };
  const openNumber = async (number: number): Promise<OpenFile> => {
    const handle = await open(path.join(options.dir, auditFileName(number)), "a+");
    try {
      return { number, handle, size: await cutTornLine(handle) };
    } catch (error) {
      await handle.close().catch(() => {});
      throw error;
    }
  };
  const latest = async (): Promise<OpenFile> => {
    await mkdir(options.dir, { recursive: true });
    const numbers = (await readdir(options.dir)).flatMap((name) => {
      const match = FILE_NAME.exec(name);
      return match ? [Number(match[1])] : [];
    });
    return openNumber(numbers.length === 0 ? 1 : Math.max(...numbers));
  };
  return {
    name: "file",
    batchSize: options.batchSize,
    deliver: async (batch) => {
      const bytes = Buffer.from(batch.lines.map((line) => `${line}\n`).join(""));
      try {
        current ??= await latest();
        if (current.size > 0 && current.size + bytes.length > options.maxBytes) {
          const next = current.number + 1;
          await close();
          current = await openNumber(next);
        }
        const file = current;
        await file.handle.appendFile(bytes);
        await file.handle.sync();
        file.size += bytes.length;
      } catch (error) {
        // Whatever part of the batch reached the file is checked for a torn line on reopening.
        await close();
        throw new SinkFailure(`writing to ${options.dir} failed: ${describeError(error)}`, {
          cause: error,
        });
      }
    },
    probe: async () => {
      await mkdir(options.dir, { recursive: true });
      await access(options.dir, constants.W_OK);
    },
    close,
  };
}
