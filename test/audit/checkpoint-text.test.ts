import canonicalize from "canonicalize";
import { describe, expect, it } from "vitest";
import { type Checkpoint, CheckpointError, signCheckpoint } from "../../src/audit/checkpoint.ts";
import { readCheckpointText } from "../../src/audit/checkpoint-text.ts";
import { key } from "./trail.ts";

const fields = {
  version: 1 as const,
  seq: 12,
  hash: "ab".repeat(32),
  at: "2026-01-05T09:10:00.000Z",
  keyId: key.id,
};
const checkpoint: Checkpoint = { ...fields, signature: signCheckpoint(key, fields) };

/** The JSON as Slack's API hands back a message's text: quotes and ampersands as entities. */
const entities = (text: string) =>
  text.replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;");

describe("readCheckpointText", () => {
  it("reads the file `audit checkpoint` writes", () => {
    expect(readCheckpointText(`${JSON.stringify(checkpoint, null, 2)}\n`)).toEqual(checkpoint);
  });

  it("reads a sink's checkpoint line, without its kind", () => {
    const line = canonicalize({ kind: "checkpoint", ...checkpoint }) as string;
    expect(readCheckpointText(`${line}\n`)).toEqual(checkpoint);
  });

  it("reads the Slack message: the ``` block, entities decoded, the words around it ignored", () => {
    const json = JSON.stringify(checkpoint);
    const message = `Audit checkpoint #12 <@U0BOT> & co\n\`\`\`${json}\`\`\`\nKeep it safe.`;
    expect(readCheckpointText(message)).toEqual(checkpoint);
    expect(readCheckpointText(`copied: ${entities(message)} (from the API)`)).toEqual(checkpoint);
    // Copied from the raw JSON of the API's answer: its quotes escaped, with a language tag.
    const raw = `"text": "Checkpoint\\n\`\`\`json\\n${json.replaceAll('"', '\\"')}\\n\`\`\`"`;
    expect(readCheckpointText(raw)).toEqual(checkpoint);
    // Pretty-printed across lines, the closing fence lost in the copy.
    expect(readCheckpointText(`\`\`\`\n${JSON.stringify(checkpoint, null, 2)}\n`)).toEqual(
      checkpoint,
    );
  });

  it("refuses what is not a checkpoint, saying what it is instead", () => {
    expect(() => readCheckpointText("nothing to see here")).toThrow(/^No checkpoint found/);
    expect(() => readCheckpointText('{"kind":"event","seq":1}')).toThrow(
      'This line is not a checkpoint: its kind is "event".',
    );
    expect(() => readCheckpointText(JSON.stringify({ ...checkpoint, seq: -1 }))).toThrow(
      /^The checkpoint is not valid: seq: /,
    );
    expect(() => readCheckpointText("```{ version: 1 }```")).toThrow(CheckpointError);
  });
});
