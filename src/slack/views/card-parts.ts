import type { KnownBlock } from "@slack/types";
import type { ActionDefinition } from "../../factory/types.ts";
import { redactRequest } from "../../requests/redact-request.ts";
import type { RequestRecord } from "../../requests/types.ts";
import { capBlocks, context, fieldSections, oneLine, SLACK, safe, section } from "./blocks.ts";
import { outcomeSentence } from "./outcome-sentence.ts";
import {
  checkerMentions,
  followUpLine,
  paramBlocks,
  renderBreakGlass,
  statusLine,
} from "./request-details.ts";
import { type ContextLineInput, contextLine, summaryParamNames } from "./request-summary.ts";

/**
 * The pieces every card about a request is built from, in the order a busy reader needs them:
 * what is asked (the summary line), why (the purpose), where it stands, then one context line,
 * and only then the details nobody needs to decide.
 */

/** Who may see sensitive values on this card; the request as this reader may read it. */
export function readable(
  request: RequestRecord,
  action: ActionDefinition | undefined,
  reveal: boolean,
): RequestRecord {
  return reveal ? request : redactRequest(request, action);
}

/**
 * The purpose, in its own section: the maker's words, shown literally; and for a request a
 * workflow filed, that it did, with what the workflow tells the checker (its `details` input).
 */
export function purposeBlock(request: RequestRecord): KnownBlock {
  const label = "*Purpose*\n";
  const purpose = label + safe(request.purpose, SLACK.sectionText - label.length);
  const step = request.workflowStep;
  if (!step) return section(purpose);
  // Everyone reading the card knows a workflow filed it, with the workflow's words if it has any.
  const from = step.details ? "\n*Filed by a workflow*\n" : "\n_Filed by a workflow_";
  const room = SLACK.sectionText - purpose.length - from.length;
  return section(purpose + from + (step.details ? safe(step.details, room) : ""));
}

/**
 * Where it stands and, once it ran or ended, what happened in one sentence (never the raw
 * answer: that is in Details). `request` as the reader may read it.
 */
export function stateBlocks(
  request: RequestRecord,
  action: ActionDefinition | undefined,
  options: { reveal: boolean; forMaker?: boolean },
): KnownBlock[] {
  const lines = [statusLine(request, options)];
  if (request.status === "FINISHED" || request.status === "FAILED") {
    lines.push(outcomeSentence(request, action, { reveal: options.reveal }));
  }
  const blocks: KnownBlock[] = [section(lines.join("\n"))];
  if (request.breakGlassReason !== null) blocks.push(...renderBreakGlass(request));
  return blocks;
}

/** Param blocks shown at most below the context line, so every card stays within 50 blocks. */
const MAX_DETAIL_BLOCKS = 16;

/**
 * What comes after the decision: the one context line, what the bot did while it waited, and the
 * params the summary does not name (with the other checkers when there are several).
 */
export function footerBlocks(
  request: RequestRecord,
  action: ActionDefinition | undefined,
  input: ContextLineInput,
): KnownBlock[] {
  const blocks: KnownBlock[] = [context(contextLine(request, action, input))];
  const followUp = followUpLine(request);
  if (followUp) blocks.push(context(followUp));
  const details = paramBlocks(request, action, input.reveal, summaryParamNames(request, action));
  if (request.checkerIds.length > 1) {
    details.unshift(...fieldSections([`*Checkers*\n${checkerMentions(request)}`]));
  }
  if (!action) {
    details.unshift(
      section(`*Action*\n\`${safe(oneLine(request.actionId), 200)}\` (no longer configured)`),
    );
  }
  blocks.push(...capBlocks(details, MAX_DETAIL_BLOCKS));
  return blocks;
}
