import { readFile } from "node:fs/promises";
import type { Readable } from "node:stream";
import { type Checkpoint, CheckpointError } from "../audit/checkpoint.ts";
import { readCheckpointText } from "../audit/checkpoint-text.ts";

/** Enough for a checkpoint with a page of Slack chatter around it; more is not a checkpoint. */
const MAX_CHARS = 1_000_000;

/**
 * The checkpoint `--checkpoint` names: a file, or "-" for stdin (pasted from Slack, or piped
 * from a sink). Either holds the JSON of `audit checkpoint`, a sink's checkpoint line, or the
 * text of the Slack message that carried it.
 */
export async function readCheckpointArgument(
  source: string,
  stdin: Readable | undefined,
): Promise<Checkpoint> {
  const text = source === "-" ? await readStdin(stdin) : await readCheckpointFile(source);
  return readCheckpointText(text);
}

async function readCheckpointFile(file: string): Promise<string> {
  return readFile(file, "utf8").catch((error: Error) => {
    throw new CheckpointError(`Cannot read the checkpoint file ${file}: ${error.message}`, {
      cause: error,
    });
  });
}

async function readStdin(stdin: Readable | undefined): Promise<string> {
  if (!stdin) throw new CheckpointError("--checkpoint -: there is no standard input to read.");
  let text = "";
  stdin.setEncoding("utf8");
  for await (const chunk of stdin) {
    text += String(chunk);
    if (text.length > MAX_CHARS) {
      throw new CheckpointError("--checkpoint -: the input is too long to be a checkpoint.");
    }
  }
  return text;
}
