import type { KnownBlock, ModalView } from "@slack/types";
import type { ActionDefinition } from "../../factory/types.ts";
import { DEFAULT_LIMITS } from "../../requests/limits.ts";
import { ruleFor } from "../../requests/rules.ts";
import { encodeRequestMetadata, type RequestModalMetadata } from "../forms/request-form.ts";
import { CALLBACK } from "../ids.ts";
import { context, plainText, SLACK, safe, section } from "./blocks.ts";
import { paramInput } from "./param-fields.ts";
import {
  actionSelect,
  breakGlassInputs,
  checkersInput,
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
  /** Set when duplicating: the title says "Duplicate #N". */
  readonly duplicateOfNumber?: number;
  /** MAX_CHECKERS (RequestService.limits); DEFAULT_LIMITS' when absent. */
  readonly maxCheckers?: number;
}

/**
 * Blocks other than params: action select, description, environment, its rule, team, purpose,
 * checkers.
 */
const FIXED_BLOCKS = 7;

/** The form a maker fills in: choose an action, then its fields appear (ACTION.chooseAction). */
export function renderRequestModal(input: RequestModalInput): ModalView {
  const { selected, prefill = {} } = input;
  const title =
    input.duplicateOfNumber === undefined ? "New request" : `Duplicate #${input.duplicateOfNumber}`;
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
  const blocks: KnownBlock[] = [select];
  if (selected) {
    if (selected.description) blocks.push(context(safe(selected.description, 2000)));
    const environment = chosenEnvironment(input.environments, prefill.environment);
    const rule = environment === undefined ? undefined : ruleFor(selected, environment);
    blocks.push(environmentInput(input.environments, environment ?? prefill.environment));
    if (rule) blocks.push(context(describeRule(selected, rule)));
    blocks.push(teamInput(prefill.team));
    const room = SLACK.modalBlocks - FIXED_BLOCKS - (selected.breakGlass ? 2 : 0);
    for (const spec of selected.params.slice(0, room)) {
      blocks.push(paramInput(spec, prefill.params?.[spec.name]));
    }
    blocks.push(purposeInput(prefill.purpose));
    const maxCheckers = input.maxCheckers ?? DEFAULT_LIMITS.maxCheckers;
    blocks.push(checkersInput(selected, rule, prefill.checkerIds ?? [], maxCheckers));
    if (selected.breakGlass) blocks.push(...breakGlassInputs(prefill.breakGlass));
  } else {
    blocks.push(context("Choose what you need; its fields appear here."));
  }
  return { ...view, submit: plainText("Send for approval", SLACK.modalButton), blocks };
}
