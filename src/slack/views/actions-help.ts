import type { KnownBlock } from "@slack/types";
import type { ActionDefinition } from "../../factory/types.ts";
import {
  capBlocks,
  context,
  header,
  oneLine,
  packLines,
  plural,
  SLACK,
  safe,
  section,
} from "./blocks.ts";

const START = "Type `/request <id>` to start one.";
const NONE =
  "No actions are available to you yet. Ask whoever runs this bot to add you as a maker of the action you need.";

/** One action as a few mrkdwn lines: id, title, description, approvals and environments. */
export function describeAction(action: ActionDefinition): string {
  const lines = [`\`${safe(action.id, 100)}\` *${safe(action.title, 200)}*`];
  if (action.description) lines.push(safe(oneLine(action.description), 500));
  const facts = [`needs ${plural(action.approvals, "approval")}`];
  if (action.environments.length > 0) {
    facts.push(`runs in ${safe(action.environments.join(", "), 300)}`);
  }
  lines.push(`_${facts.join(" · ")}_`);
  return lines.join("\n");
}

/** The list of actions as sections, within `maxBlocks` (the last one says how many are left out). */
export function actionListBlocks(
  actions: readonly ActionDefinition[],
  maxBlocks: number,
): KnownBlock[] {
  return capBlocks(packLines(actions.map(describeAction), "\n\n"), maxBlocks);
}

/** The ephemeral reply to `/request help`. */
export function renderActionsHelp(actions: readonly ActionDefinition[]): {
  text: string;
  blocks: KnownBlock[];
} {
  if (actions.length === 0) return { text: NONE, blocks: [section(NONE)] };
  const blocks: KnownBlock[] = [
    header("What you can request"),
    ...actionListBlocks(actions, SLACK.messageBlocks - 2),
    context(START),
  ];
  return { text: `You can request ${plural(actions.length, "action")}. ${START}`, blocks };
}

/** Levenshtein distance, for suggesting what a mistyped id meant. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Up to three ids close to `typed`: sharing a prefix, containing it, or a few edits away. */
export function closestActionIds(typed: string, actions: readonly ActionDefinition[]): string[] {
  const wanted = typed.trim().toLowerCase().slice(0, 100);
  if (wanted === "") return [];
  const scored = actions.map((action) => {
    const id = action.id;
    const title = action.title.toLowerCase();
    const close =
      id.startsWith(wanted) ||
      wanted.startsWith(id) ||
      id.includes(wanted) ||
      title.includes(wanted)
        ? 0
        : // Against the start of the id too: "biling" is one edit from "billing-waiver"'s start.
          Math.min(distance(wanted, id), distance(wanted, id.slice(0, wanted.length)));
    return { id, score: close };
  });
  // A typo per three characters; a one- or two-letter guess must match exactly (as a prefix).
  const tolerance = wanted.length < 3 ? 0 : Math.max(1, Math.floor(wanted.length / 3));
  return scored
    .filter((entry) => entry.score <= tolerance)
    .sort((a, b) => a.score - b.score || a.id.localeCompare(b.id))
    .slice(0, 3)
    .map((entry) => entry.id);
}

/** The reply to `/request <id>` when no action has that id (or it is not available to them). */
export function renderUnknownActionReply(
  id: string,
  actions: readonly ActionDefinition[],
): { text: string; blocks: KnownBlock[] } {
  const typed = safe(oneLine(id).replace(/`/g, "'"), 100);
  const suggestions = closestActionIds(id, actions).map((s) => `\`${s}\``);
  const guess =
    suggestions.length === 0
      ? ""
      : ` Did you mean ${suggestions.length === 1 ? suggestions[0] : `one of ${suggestions.join(", ")}`}?`;
  const line = `There is no action \`${typed}\` you can request.${guess}`;
  const help =
    actions.length > 0 ? "Type `/request help` to see the actions you can request." : NONE;
  return { text: `${line} ${help}`, blocks: [section(line), context(help)] };
}
