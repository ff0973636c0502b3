/**
 * Every Slack id the bot sends or listens for: callback ids of modals, action ids of buttons and
 * selects, block ids of inputs. Handlers and view builders both import them from here.
 */

export const CALLBACK = {
  requestModal: "request_modal",
  declineModal: "decline_modal",
} as const;

export const ACTION = {
  chooseAction: "choose_action",
  approve: "approve_request",
  decline: "decline_request",
  cancel: "cancel_request",
  nudge: "nudge_checker",
  duplicate: "duplicate_request",
} as const;

export const BLOCK = {
  action: "action",
  environment: "environment",
  team: "team",
  checkers: "checkers",
  purpose: "purpose",
  reason: "reason",
  decision: "decision",
  makerControls: "maker_controls",
} as const;

/**
 * The action_id of every input element but the action select (which uses ACTION.chooseAction so
 * choosing fires a block action): one fixed id, so a value is always at `values[block]["value"]`.
 */
export const INPUT = "value";

const PARAM_PREFIX = "param:";

/** Block id of a parameter's input: `param:<name>`. */
export function paramBlockId(name: string): string {
  return `${PARAM_PREFIX}${name}`;
}

/** The parameter name of a `param:<name>` block id; undefined for any other block. */
export function paramNameOf(blockId: string): string | undefined {
  if (!blockId.startsWith(PARAM_PREFIX)) return undefined;
  const name = blockId.slice(PARAM_PREFIX.length);
  return name === "" ? undefined : name;
}
