import type { RequestRecord } from "../../requests/types.ts";
import { context, mention, mentions, oneLine, SLACK, safe, section, truncate } from "./blocks.ts";
import type { Notice } from "./notice.ts";

/** A checker (or break-glass reviewer) whose message Slack would not take, and why. */
export interface Unreached {
  readonly checkerId: string;
  /** Slack's error code, or what else went wrong, as the outbox recorded it. */
  readonly error: string;
  /** Attempts made before giving up. */
  readonly attempts: number;
}

/** Errors that retrying cannot fix, in words a maker understands. */
const REASONS: Readonly<Record<string, string>> = {
  user_not_found: "Slack does not know this person in this workspace (the account may be gone)",
  channel_not_found: "Slack does not know this person in this workspace (the account may be gone)",
  user_disabled: "their Slack account is deactivated",
  cannot_dm_bot: "it is a bot account, which the bot cannot message",
  is_archived: "the conversation is archived",
  not_in_channel: "the bot is not a member of that conversation",
  account_inactive: "Slack says the bot's own account or workspace is inactive",
  invalid_auth: "Slack refused the bot's token",
  not_authed: "Slack refused the bot's token",
  token_revoked: "the bot's token was revoked",
  token_expired: "the bot's token expired",
  missing_scope: "the bot lacks a permission it needs",
  no_permission: "the bot lacks a permission it needs",
  not_allowed_token_type: "the bot lacks a permission it needs",
  restricted_action: "a workspace setting does not allow the bot to post there",
  team_access_not_granted: "the bot has no access to that workspace",
  ekm_access_denied: "the workspace's encryption keys are revoked",
  invalid_blocks: "Slack refused the message's layout (a fault in Four Eyes)",
  invalid_blocks_format: "Slack refused the message's layout (a fault in Four Eyes)",
  invalid_arguments: "Slack refused the message's layout (a fault in Four Eyes)",
  msg_too_long: "the message is longer than Slack accepts",
  no_text: "Slack refused the message's layout (a fault in Four Eyes)",
};

/** "their Slack account is deactivated (`user_disabled`)"; an unknown error says it was retried. */
export function unreachedReason(unreached: Pick<Unreached, "error" | "attempts">): string {
  const code = `\`${safe(oneLine(unreached.error), 120)}\``;
  const known = REASONS[unreached.error];
  if (known) return `${known} (${code}); retrying cannot fix that`;
  const tries = unreached.attempts === 1 ? "once" : `${unreached.attempts} times`;
  return `Slack did not take it (${code}), and Four Eyes has tried ${tries}`;
}

/** Whether telling the maker still helps: the request waits for a decision or a review. */
export function awaitsSomeone(request: RequestRecord): boolean {
  return request.breakGlassReason !== null
    ? request.reviewVerdict === null
    : request.status === "PENDING";
}

/** What the maker can do about checkers nobody could reach. */
function whatToDo(request: RequestRecord, unreached: readonly string[]): string {
  if (request.breakGlassReason !== null) {
    const others = request.checkerIds.filter((id) => !unreached.includes(id));
    return others.length > 0
      ? `${mentions(others, "or")} can still review it.`
      : "Nobody else can review it until someone is reached.";
  }
  const others = request.checkerIds.filter(
    (id) => !unreached.includes(id) && !request.approvedBy.includes(id),
  );
  const missing = request.approvalsRequired - request.approvedBy.length;
  const wait =
    others.length >= missing && others.length > 0
      ? `, or wait for ${mentions(others, "and")}, who can still decide`
      : "";
  return `To get a decision, cancel #${request.number} and file it again with another checker${wait}.`;
}

const REDRIVE =
  "Once the cause is fixed, whoever runs Four Eyes can send it again; you will be told here when it arrives.";

/** The maker's card, while a checker is out of reach: who, why, and what to do. */
export function unreachedWarning(
  request: RequestRecord,
  unreached: readonly Unreached[],
): string | null {
  if (unreached.length === 0 || !awaitsSomeone(request)) return null;
  const what = request.breakGlassReason !== null ? "this alert" : "this request";
  const lines = unreached.map(
    (one) => `${mention(one.checkerId)} was not reached: ${unreachedReason(one)}.`,
  );
  const ids = unreached.map((one) => one.checkerId);
  return truncate(
    `:warning: ${lines.join(" ")} They have not seen ${what}. ${whatToDo(request, ids)}`,
    SLACK.sectionText,
  );
}

/** A thread reply to the maker's card when Slack refused a checker's message for good. */
export function renderUnreachedNotice(request: RequestRecord, unreached: Unreached): Notice {
  const who = mention(unreached.checkerId);
  const what =
    request.breakGlassReason !== null
      ? `the break-glass alert for #${request.number} to ${who}`
      : `request #${request.number} to ${who}`;
  const line = `:warning: Slack refused to deliver ${what}: ${unreachedReason(unreached)}. They have not seen it, and Four Eyes has stopped trying.`;
  const todo = whatToDo(request, [unreached.checkerId]);
  return {
    text: truncate(
      `#${request.number}: ${who} was not reached; Four Eyes has stopped trying.`,
      SLACK.fallbackText,
    ),
    blocks: [section(truncate(`${line} ${todo}`, SLACK.sectionText)), context(REDRIVE)],
  };
}

/** A thread reply to the maker's card once a checker it had not reached has the message. */
export function renderReachedNotice(request: RequestRecord, checkerId: string): Notice {
  const what = request.breakGlassReason !== null ? "The break-glass alert for" : "Request";
  const line = `:incoming_envelope: ${what} #${request.number} has now reached ${mention(checkerId)}.`;
  return { text: line, blocks: [section(line)] };
}
