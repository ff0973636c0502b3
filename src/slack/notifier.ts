import type { JsonObject } from "../core/json.ts";
import type { ActionRegistry } from "../factory/registry.ts";
import type { ActionDefinition } from "../factory/types.ts";
import type { Change, Notifier, OutboxDraft } from "../requests/notifications.ts";
import { DEFAULT_SCHEDULE, type ScheduleDefaults } from "../requests/schedule.ts";
import { isClosed, type RequestStatus } from "../requests/status.ts";
import { waitingOn } from "../requests/waiting-on.ts";
import { type CardContext, cardContext } from "./card-context.ts";
import { renderAuditLine } from "./views/audit-line.ts";
import { renderBreakGlassAlert } from "./views/break-glass-alert.ts";
import { renderCheckerMessage } from "./views/checker-message.ts";
import { renderEscalationMessage } from "./views/escalation-message.ts";
import { renderMakerMessage } from "./views/maker-message.ts";
import {
  renderDecisionNotice,
  renderFlaggedNotice,
  renderInterruptedNotice,
  renderReroutedNotice,
} from "./views/outcome-notice.ts";
import { renderOutcomeReply, renderReminderReply } from "./views/thread-reply.ts";
import { stepCompletion } from "./workflow-step/step-completion.ts";

/** Outbox keys: one per Slack message, so an edit of the same key updates the same message. */
export const messageKey = {
  maker: (requestId: string) => `${requestId}:maker`,
  checker: (requestId: string, checkerId: string) => `${requestId}:checker:${checkerId}`,
  outcome: (requestId: string) => `${requestId}:outcome`,
  audit: (requestId: string) => `${requestId}:audit`,
  delayed: (requestId: string) => `${requestId}:delayed`,
  /** Told to the maker when Slack refused a checker's message for good, and once it arrives. */
  unreached: (requestId: string, checkerId: string) => `${requestId}:unreached:${checkerId}`,
  reached: (requestId: string, checkerId: string) => `${requestId}:reached:${checkerId}`,
  /** Where the request was escalated to: a user, a group member or a channel. */
  escalation: (requestId: string, recipient: string) => `${requestId}:escalation:${recipient}`,
  /** A break-glass use, posted to the audit channel at once and kept current. */
  breakGlass: (requestId: string) => `${requestId}:break-glass`,
  /** One-off notices are keyed by the event that caused them: a replayed change adds nothing. */
  notice: (eventId: string, userId: string) => `${eventId}:notice:${userId}`,
};

export function isCheckerMessageKey(key: string): boolean {
  return key.includes(":checker:");
}

export function isMakerMessageKey(key: string): boolean {
  return key.endsWith(":maker");
}

/** The maker's or a checker's message: the ones kept showing a request's current state. */
export function isRequestMessageKey(key: string): boolean {
  return isCheckerMessageKey(key) || isMakerMessageKey(key);
}

/**
 * How long an edit to a state a run passes through (approved, running) waits for the next one:
 * a run that ends within it costs each card one edit (to its outcome) instead of two or three.
 */
export const INTERMEDIATE_HOLD_MS = 2000;

/** The states a quick run passes through on its way to its outcome. */
const INTERMEDIATE: readonly RequestStatus[] = ["APPROVED", "EXECUTING"];

export interface SlackNotifierOptions {
  readonly actions: ActionRegistry;
  /** Where one line per closed request goes, if anywhere. */
  readonly auditChannel: string | undefined;
  /** MAX_REMINDERS, for "reminder 2 of 3". */
  readonly maxReminders: number;
  /** INTERMEDIATE_HOLD_MS unless given (0: no hold). */
  readonly holdMs?: number;
  /** STALE_AFTER, MAX_REMINDERS and EXPIRE_AFTER, for "expires …" on the cards. */
  readonly schedule?: ScheduleDefaults;
}

/** What each kind of message a change needs is drafted from. */
interface Drafting {
  readonly change: Change;
  readonly action: ActionDefinition | undefined;
  readonly add: (
    key: string,
    recipient: string,
    payload: object,
    threadKey: string | null,
    holdMs?: number,
  ) => void;
  /** For the messages kept current: how long an edit to this state may wait for the next. */
  readonly holdMs: number | undefined;
  /** What every card about the request says in its context line: expiry, what it resends. */
  readonly card: CardContext;
}

/**
 * Which Slack messages a change needs: the maker's and each checker's message are kept showing
 * the current state; closing, nudging and deciding among several checkers also notify people.
 */
export function slackNotifier({
  actions,
  auditChannel,
  maxReminders,
  holdMs = INTERMEDIATE_HOLD_MS,
  schedule = DEFAULT_SCHEDULE,
}: SlackNotifierOptions): Notifier {
  return (change) => {
    const { request, event } = change;
    if (event.type === "ATTEMPT_REFUSED") return [];
    const drafts: OutboxDraft[] = [];
    const drafting: Drafting = {
      change,
      action: actions.get(request.actionId),
      add: (key, recipient, payload, threadKey, hold) =>
        drafts.push({
          key,
          requestId: request.id,
          recipient,
          threadKey,
          payload: payload as JsonObject,
          ...(hold ? { holdMs: hold } : {}),
        }),
      holdMs: INTERMEDIATE.includes(request.status) && holdMs > 0 ? holdMs : undefined,
      card: cardContext(change, actions.get(request.actionId), schedule),
    };
    if (event.type === "CHECKER_NUDGED" || event.type === "REMINDER_SENT") {
      reminders(drafting, maxReminders);
      if (event.type === "CHECKER_NUDGED") return drafts;
    }
    requestMessages(drafting, auditChannel);
    reroutedMessages(drafting);
    flaggedNotice(drafting);
    escalationMessages(drafting);
    checkerNotices(drafting);
    closingMessages(drafting, auditChannel);
    drafts.push(...stepCompletion(change));
    return drafts;
  };
}

/**
 * A reply under the card of each checker still to decide (a reply notifies), with Approve and
 * Decline on it: nothing to look up, nothing to scroll back to.
 */
function reminders({ change, action, add }: Drafting, maxReminders: number): void {
  const { request, event } = change;
  const from =
    event.type === "CHECKER_NUDGED"
      ? { nudgedBy: event.actor }
      : { reminder: request.remindersSent, of: Math.max(maxReminders, request.remindersSent) };
  for (const checker of waitingOn(request)) {
    add(
      messageKey.notice(event.id, checker),
      checker,
      renderReminderReply(request, action, from, event.at),
      messageKey.checker(request.id, checker),
    );
  }
}

/** The maker's and each checker's message, and a break-glass use's post to the audit channel. */
function requestMessages(
  { change, action, add, holdMs, card }: Drafting,
  auditChannel: string | undefined,
) {
  const { request } = change;
  add(
    messageKey.maker(request.id),
    request.makerId,
    renderMakerMessage({ request, action, ...card }),
    null,
    holdMs,
  );
  const brokeGlass = request.breakGlassReason !== null;
  for (const checkerId of request.checkerIds) {
    add(
      messageKey.checker(request.id, checkerId),
      checkerId,
      brokeGlass
        ? renderBreakGlassAlert({ request, action, reveal: true })
        : renderCheckerMessage({ request, action, checkerId, ...card }),
      null,
      holdMs,
    );
  }
  // The audit channel hears of a break-glass use at once.
  if (brokeGlass && auditChannel) {
    add(
      messageKey.breakGlass(request.id),
      auditChannel,
      renderBreakGlassAlert({ request, action, reveal: false }),
      null,
    );
  }
}

/** Their card loses its buttons and says who decides now; the maker hears who that is. */
function reroutedMessages({ change, action, add, card }: Drafting): void {
  const { request, event } = change;
  if (event.type !== "CHECKER_REROUTED" || typeof event.details.from !== "string") return;
  const from = event.details.from;
  add(
    messageKey.checker(request.id, from),
    from,
    renderCheckerMessage({ request, action, checkerId: from, ...card }),
    null,
  );
  add(
    messageKey.notice(event.id, request.makerId),
    request.makerId,
    renderReroutedNotice(request, from),
    messageKey.maker(request.id),
  );
}

/** The maker hears when a reviewer flags their break-glass use. */
function flaggedNotice({ change, action, add }: Drafting): void {
  const { request, event } = change;
  if (event.type !== "BREAK_GLASS_REVIEWED" || request.reviewVerdict !== "FLAGGED") return;
  add(
    messageKey.notice(event.id, request.makerId),
    request.makerId,
    renderFlaggedNotice(request, action),
    messageKey.maker(request.id),
  );
}

/** Kept current like the checkers' messages, so its buttons go once it is settled. */
function escalationMessages({ change, action, add, holdMs, card }: Drafting): void {
  const { request } = change;
  for (const recipient of request.escalatedTo) {
    add(
      messageKey.escalation(request.id, recipient),
      recipient,
      renderEscalationMessage({
        request,
        action,
        ...(card.expiresAt ? { expiresAt: card.expiresAt } : {}),
      }),
      null,
      holdMs,
    );
  }
}

/** In a checker's thread: the run they approved was interrupted, or another checker decided. */
function checkerNotices({ change, action, add }: Drafting): void {
  const { request, event } = change;
  if (event.type === "REQUEST_FAILED" && event.details.interrupted === true) {
    for (const checkerId of request.approvedBy) {
      add(
        messageKey.notice(event.id, checkerId),
        checkerId,
        renderInterruptedNotice(request, action),
        messageKey.checker(request.id, checkerId),
      );
    }
  }
  for (const checkerId of othersToTell(change)) {
    add(
      messageKey.notice(event.id, checkerId),
      checkerId,
      renderDecisionNotice(request, event.actor),
      messageKey.checker(request.id, checkerId),
    );
  }
}

/**
 * Once a request closes: the outcome to its maker, in the thread of their card (a reply
 * notifies; the card above already shows the rest), and a line to the audit channel (opt-in).
 */
function closingMessages({ change, action, add }: Drafting, auditChannel: string | undefined) {
  const { request, previous } = change;
  const closedNow = isClosed(request.status) && !(previous && isClosed(previous.status));
  // The maker cancelled it themselves: their own message already says so.
  if (closedNow && request.status !== "CANCELLED") {
    add(
      messageKey.outcome(request.id),
      request.makerId,
      renderOutcomeReply(request, action),
      messageKey.maker(request.id),
    );
  }
  if (closedNow && auditChannel) {
    add(messageKey.audit(request.id), auditChannel, renderAuditLine(request, action), null);
  }
}

/** With several checkers, the others hear of a decision made by one of them. */
function othersToTell({ request, event }: Change): string[] {
  const decisions = ["APPROVAL_RECORDED", "REQUEST_APPROVED", "REQUEST_DECLINED"];
  if (!decisions.includes(event.type) || request.checkerIds.length < 2) return [];
  return request.checkerIds.filter((id) => id !== event.actor);
}
