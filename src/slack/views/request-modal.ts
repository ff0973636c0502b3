import type { KnownBlock, ModalView } from "@slack/types";
import type { ActionDefinition } from "../../factory/types.ts";
import { DEFAULT_LIMITS } from "../../requests/limits.ts";
import { failureHeadline } from "../../requests/redact-request.ts";
import { ruleFor } from "../../requests/rules.ts";
import { label } from "../../requests/status-labels.ts";
import type { RequestRecord } from "../../requests/types.ts";
import { encodeRequestMetadata, type RequestModalMetadata } from "../forms/request-form.ts";
import { CALLBACK } from "../ids.ts";
import { context, isUserId, mention, oneLine, plainText, SLACK, safe, section } from "./blocks.ts";
import { type CheckerOption, checkersInput } from "./checker-field.ts";
import { paramInput } from "./param-fields.ts";
import {
  actionSelect,
  breakGlassInputs,
  chosenEnvironment,
  describeRule,
  environmentInput,
  purposeInput,
  teamInput,
} from "./request-fields.ts";

export interface RequestPrefill {
  readonly environment?: string;
  readonly team?: string;
  readonly purpose?: string;
  readonly checkerIds?: readonly string[];
  readonly params?: Record<string, unknown>;
  /** The break-glass choice as submitted, when the form is shown again. */
  readonly breakGlass?: { readonly reason: string } | undefined;
}

export interface RequestModalInput {
  /** The actions this maker may request. */
  readonly actions: readonly ActionDefinition[];
  readonly selected?: ActionDefinition;
  /** Where the selected action may run (RequestService.environmentsFor). */
  readonly environments: readonly string[];
  readonly prefill?: RequestPrefill;
  readonly metadata: RequestModalMetadata;
  /** Set when duplicating: the title says "Send #N again". */
  readonly duplicateOfNumber?: number;
  /** MAX_CHECKERS (RequestService.limits); DEFAULT_LIMITS' when absent. */
  readonly maxCheckers?: number;
  /**
   * The allowed checkers when the rule has an allow-list and they could be listed: the checker
   * field is then a select of them; else Slack's people picker, checked on submit.
   */
  readonly checkerChoices?: readonly CheckerOption[];
  /** Set when duplicating: what became of the original, shown at the top ("why again"). */
  readonly original?: RequestRecord;
}

/**
 * Blocks other than params: why it is sent again (a duplicate), action select, description,
 * environment, its rule, team, purpose, checkers.
 */
const FIXED_BLOCKS = 8;

/** The form a maker fills in: choose an action, then its fields appear (ACTION.chooseAction). */
export function renderRequestModal(input: RequestModalInput): ModalView {
  const { selected, prefill = {} } = input;
  const title =
    input.duplicateOfNumber === undefined
      ? "New request"
      : `Send #${input.duplicateOfNumber} again`;
  const view: ModalView = {
    type: "modal",
    callback_id: CALLBACK.requestModal,
    title: plainText(title, SLACK.modalTitle),
    close: plainText("Cancel", SLACK.modalButton),
    private_metadata: encodeRequestMetadata({ ...input.metadata, actionId: selected?.id }),
    blocks: [],
  };
  const select = actionSelect(input.actions, selected);
  if (!select) {
    // Nothing to fill in, so no submit button: Slack allows one only with inputs anyway.
    return {
      ...view,
      blocks: [section("No actions are available to you. Ask an admin to add you as a maker.")],
    };
  }
  const blocks: KnownBlock[] = input.original
    ? [context(whyAgain(input.original)), select]
    : [select];
  if (selected) {
    if (selected.description) blocks.push(context(safe(selected.description, 2000)));
    const environment = chosenEnvironment(input.environments, prefill.environment);
    const rule = environment === undefined ? undefined : ruleFor(selected, environment);
    blocks.push(environmentInput(selected, input.environments, environment ?? prefill.environment));
    if (rule) blocks.push(context(describeRule(selected, rule)));
    blocks.push(teamInput(prefill.team));
    const room =
      SLACK.modalBlocks - FIXED_BLOCKS - (selected.breakGlass ? 2 : 0) + (input.original ? 0 : 1);
    for (const spec of selected.params.slice(0, room)) {
      blocks.push(paramInput(spec, prefill.params?.[spec.name]));
    }
    blocks.push(purposeInput(prefill.purpose));
    const maxCheckers = input.maxCheckers ?? DEFAULT_LIMITS.maxCheckers;
    blocks.push(
      checkersInput(selected, rule, prefill.checkerIds ?? [], maxCheckers, input.checkerChoices),
    );
    if (selected.breakGlass) blocks.push(...breakGlassInputs(prefill.breakGlass));
  } else {
    blocks.push(context("Choose what you need; its fields appear here."));
  }
  return { ...view, submit: plainText("Send for approval", SLACK.modalButton), blocks };
}

/**
 * Why the maker sends it again, above the form: who declined the original and why, or the
 * headline of its failure (never the executor's raw answer).
 */
function whyAgain(original: RequestRecord): string {
  const number = `#${original.number}`;
  const by =
    original.decidedBy && isUserId(original.decidedBy) ? ` by ${mention(original.decidedBy)}` : "";
  switch (original.status) {
    case "DECLINED": {
      const reason = original.decisionReason?.trim();
      return `:leftwards_arrow_with_hook: Sending ${number} again. It was *declined*${by}${reason ? `: “${safe(oneLine(reason), 500)}”` : "."}`;
    }
    case "FAILED":
      return `:leftwards_arrow_with_hook: Sending ${number} again. It *failed*: ${safe(failureHeadline(original.error), 200)}.`;
    case "EXPIRED":
      return `:leftwards_arrow_with_hook: Sending ${number} again. It *expired*: nobody decided in time.`;
    default:
      return `:leftwards_arrow_with_hook: Sending ${number} again. It was *${label(original.status)}*${by}.`;
  }
}
