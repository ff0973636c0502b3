/**
 * Every Slack id the bot sends or listens for: callback ids of modals, action ids of buttons and
 * selects, block ids of inputs. Handlers and view builders both import them from here.
 */

export const CALLBACK = {
  requestModal: "request_modal",
  declineModal: "decline_modal",
  /** A reviewer flags a break-glass use: asks what looks wrong. */
  flagModal: "flag_modal",
  /** "I'm away until …": a checker sets a delegate (from the App Home). */
  delegationModal: "delegation_modal",
} as const;

/**
 * The Workflow Builder step (manifest.yml, `functions`): its callback id, and the names of its
 * inputs and outputs as the manifest declares them.
 */
export const WORKFLOW_STEP = {
  callbackId: "four_eyes_approval",
} as const;

export const ACTION = {
  chooseAction: "choose_action",
  approve: "approve_request",
  decline: "decline_request",
  cancel: "cancel_request",
  nudge: "nudge_checker",
  duplicate: "duplicate_request",
  /** A link button to a request's message (in reminders); Slack still sends a click to ack. */
  openRequest: "open_request",
  /** A reviewer's verdict on a break-glass use. */
  acknowledge: "acknowledge_break_glass",
  flag: "flag_break_glass",
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
  /** The request form's "Break glass" checkbox and the reason it needs. */
  breakGlass: "break_glass",
  breakGlassReason: "break_glass_reason",
  /** The review buttons of a break-glass alert, and the flag form's note. */
  review: "review",
  note: "note",
  /** The delegation form: who decides, from when, until when. */
  delegate: "delegate",
  awayFrom: "away_from",
  awayUntil: "away_until",
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

/** Callback ids of the App Home view and the request story modal opened from it. */
export const HOME_CALLBACK = {
  home: "home",
  requestStory: "request_story",
} as const;

/**
 * Action ids of the App Home's own controls. Decision buttons on its rows reuse ACTION.approve,
 * ACTION.decline, ACTION.cancel, ACTION.nudge and ACTION.duplicate (value: the request id).
 */
export const HOME_ACTION = {
  filterEnvironment: "home_filter_environment",
  filterTeam: "home_filter_team",
  filterMaker: "home_filter_maker",
  filterChecker: "home_filter_checker",
  filterAction: "home_filter_action",
  filterStatus: "home_filter_status",
  clearFilters: "home_clear_filters",
  /** Toggles "only break-glass uses"; value "on" or "off". */
  filterBreakGlass: "home_filter_break_glass",
  newerPage: "home_newer_page",
  olderPage: "home_older_page",
  /** Opens the request story modal; value: the request id. */
  details: "show_details",
  /** Opens the delegation form; and ends the viewer's delegation ("I'm back"). */
  setDelegate: "home_set_delegate",
  endDelegation: "home_end_delegation",
  /** Opens the request form, as /request does. */
  newRequest: "home_new_request",
  /** Datepickers of "All requests": first and last day asked (UTC, inclusive). */
  filterFrom: "home_filter_from",
  filterTo: "home_filter_to",
  /** Pages the story modal's timeline; value: `<request id>:<end>` (see forms/story-form.ts). */
  storyOlder: "story_older_events",
  storyNewer: "story_newer_events",
} as const;

/** Block ids of the App Home; rows get their own via homeRowBlockId. */
export const HOME_BLOCK = {
  intro: "home_intro",
  away: "home_away",
  waiting: "home_waiting",
  waitingEmpty: "home_waiting_empty",
  waitingMore: "home_waiting_more",
  mine: "home_mine",
  mineEmpty: "home_mine_empty",
  mineMore: "home_mine_more",
  all: "home_all",
  /** Filter blocks get a suffix per filter (`home_filters:<digest>`): match on action_id. */
  filters: "home_filters",
  filtersMore: "home_filters_more",
  allEmpty: "home_all_empty",
  paging: "home_paging",
  newRequest: "home_new_request",
  /** The datepickers get a suffix per filter, like the other filter blocks. */
  dates: "home_dates",
  allCount: "home_all_count",
  /** The story modal: the viewer's buttons and the timeline's paging. */
  storyButtons: "story_buttons",
  storyPaging: "story_paging",
} as const;

/** The three lists of the App Home. */
export type HomeSection = "waiting" | "mine" | "all";

/**
 * Block id of one request's row in a Home list: `row:<section>:<number>` for its summary and
 * `row:<section>:<number>:buttons` for its decision buttons. Action ids repeat from row to row,
 * which Slack allows as long as each block has its own id.
 */
export function homeRowBlockId(
  section: HomeSection,
  requestNumber: number,
  part: "summary" | "buttons" = "summary",
): string {
  const id = `row:${section}:${requestNumber}`;
  return part === "buttons" ? `${id}:buttons` : id;
}
