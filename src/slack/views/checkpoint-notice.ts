import type { Checkpoint } from "../../audit/checkpoint.ts";
import { context, section } from "./blocks.ts";
import type { Notice } from "./notice.ts";

/**
 * Posted to the audit channel when a signed checkpoint is taken: the checkpoint as JSON in a code
 * block, to copy into a file for `npm run audit -- verify --checkpoint FILE`. Slack's copy is
 * one more place, outside the database, that proves the trail up to that event existed.
 */
export function renderCheckpointNotice(checkpoint: Checkpoint): Notice {
  const json = JSON.stringify(checkpoint, null, 2);
  const line =
    checkpoint.at === null
      ? "Audit checkpoint of the empty trail"
      : `Audit checkpoint: the trail up to event #${checkpoint.seq} (written ${checkpoint.at})`;
  return {
    text: `${line}\n\`\`\`\n${json}\n\`\`\``,
    blocks: [
      section(`:lock: *${line}*`),
      section(`\`\`\`\n${json}\n\`\`\``),
      context(
        "Save the JSON as a file; `npm run audit -- verify --checkpoint FILE` proves later that no event up to this one was removed or changed.",
      ),
    ],
  };
}
