import { type Checkpoint, CheckpointError, checkpointFrom, parseCheckpoint } from "./checkpoint.ts";

/*
 * A checkpoint reaches an auditor in one of three shapes: the file `audit checkpoint` wrote, a
 * line of a sink (`{"kind":"checkpoint",…}`), or a Slack message with the JSON in a ``` block,
 * often copied with the words around it, and from Slack's API with &quot; &amp; &lt; &gt; for
 * the characters they stand for (and, copied from the raw JSON, with its quotes escaped).
 */

const ENTITIES: Readonly<Record<string, string>> = {
  "&quot;": '"',
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
};

/** The checkpoint in `text`, whichever of the three shapes it has. */
export function readCheckpointText(text: string): Checkpoint {
  // One pass, so "&amp;quot;" becomes "&quot;", as Slack meant, and not a quote.
  const decoded = text.replace(/&(?:quot|amp|lt|gt);/g, (entity) => ENTITIES[entity] ?? entity);
  const json = jsonObjectIn(codeBlock(decoded) ?? decoded);
  if (json === undefined) {
    throw new CheckpointError(
      "No checkpoint found: expected the JSON of `audit checkpoint`, a sink's checkpoint line, or a Slack message with the checkpoint in a ``` block.",
    );
  }
  const fields = unescaped(json);
  if (Object.hasOwn(fields, "kind")) {
    const { kind, ...checkpoint } = fields;
    if (kind !== "checkpoint") {
      throw new CheckpointError(
        `This line is not a checkpoint: its kind is ${JSON.stringify(kind)}.`,
      );
    }
    return checkpointFrom(checkpoint);
  }
  return checkpointFrom(fields);
}

/** The first ``` block that holds a JSON object, without the fences (and a language tag). */
function codeBlock(text: string): string | undefined {
  const blocks = text.split("```");
  // Odd indexes are inside fences; an unclosed last fence still counts (copied without its end).
  for (let i = 1; i < blocks.length; i += 2) {
    const block = blocks[i] ?? "";
    if (block.includes("{")) return block;
  }
  return undefined;
}

/** From the first "{" to the last "}": the object, without the words around it. */
function jsonObjectIn(text: string): { readonly text: string } | undefined {
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  return start === -1 || end < start ? undefined : { text: text.slice(start, end + 1) };
}

/** The object's members; a copy from raw JSON has `\"` for its quotes, read as a JSON string. */
function unescaped(json: { readonly text: string }): Record<string, unknown> {
  for (const candidate of [json.text, stringContent(json.text)]) {
    if (candidate === undefined) continue;
    try {
      const value: unknown = JSON.parse(candidate);
      if (typeof value === "object" && value !== null && !Array.isArray(value)) {
        return value as Record<string, unknown>;
      }
    } catch {}
  }
  // Throws, saying what is wrong with it as JSON.
  return parseCheckpoint(json.text);
}

function stringContent(text: string): string | undefined {
  try {
    const value: unknown = JSON.parse(`"${text}"`);
    return typeof value === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}
