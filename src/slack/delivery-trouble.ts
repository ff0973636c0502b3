import type { Clock } from "../core/clock.ts";
import type { JsonObject } from "../core/json.ts";
import type { ActionRegistry } from "../factory/registry.ts";
import type { Deliver } from "../outbox/dispatcher.ts";
import type { OutboxMessage, OutboxStore } from "../outbox/outbox-store.ts";
import type { RequestRecord } from "../requests/types.ts";
import { isCheckerMessageKey, isMakerMessageKey, messageKey } from "./notifier.ts";
import {
  awaitsSomeone,
  renderReachedNotice,
  renderUnreachedNotice,
  type Unreached,
} from "./views/delivery-notice.ts";
import { renderMakerMessage } from "./views/maker-message.ts";
import {
  renderDeliveryDelayedNotice,
  renderStepNotCompletedNotice,
} from "./views/outcome-notice.ts";
import { isStepCompletionKey, stepNotCompletedKey } from "./workflow-step/step-completion.ts";

/**
 * What the maker is told when Slack does not take a checker's message: "it will be retried"
 * while it is being retried, and who was not reached, why and what to do once Four Eyes gives up
 * (a permanent error, or too many attempts). Their card says so until the checker is reached.
 */
export interface DeliveryTroubleDeps {
  readonly outbox: OutboxStore;
  readonly findRequest: (id: string) => Promise<RequestRecord | null>;
  readonly actions: ActionRegistry;
  readonly clock: Clock;
}

/** A checker DM failing this often (but still retried) tells the maker that delivery is delayed. */
export const DELAYED_AFTER_ATTEMPTS = 2;

/** The checkers of a request whose message was given up on before Slack ever showed it. */
export async function unreachedCheckers(
  outbox: Pick<OutboxStore, "deadOf">,
  requestId: string,
): Promise<Unreached[]> {
  const dead = await outbox.deadOf(requestId);
  return dead
    .filter((message) => isCheckerMessageKey(message.key) && message.ts === null)
    .map((message) => ({
      checkerId: message.recipient,
      error: message.lastError ?? "unknown error",
      attempts: message.attempts,
    }));
}

/**
 * Delivers the maker's card with who could not be reached, read when it is sent: the change that
 * rendered the card cannot know, since delivery happens after it.
 */
export function withUnreached(deliver: Deliver, deps: DeliveryTroubleDeps): Deliver {
  return async (message, thread) => {
    if (!message.requestId || !isMakerMessageKey(message.key)) return deliver(message, thread);
    const unreached = await unreachedCheckers(deps.outbox, message.requestId);
    if (unreached.length === 0) return deliver(message, thread);
    const request = await deps.findRequest(message.requestId);
    if (!request) return deliver(message, thread);
    const action = deps.actions.get(request.actionId);
    const payload = renderMakerMessage({ request, action, unreached }) as unknown as JsonObject;
    return deliver({ ...message, payload }, thread);
  };
}

/** After a failed attempt at a message: a checker's that keeps failing, or failed for good. */
export async function afterFailure(
  deps: DeliveryTroubleDeps,
  message: OutboxMessage,
  failure: { readonly attempts: number; readonly dead: boolean; readonly error: string },
): Promise<void> {
  if (isStepCompletionKey(message.key)) return stepNotCompleted(deps, message, failure);
  if (!isCheckerMessageKey(message.key) || !message.requestId || message.ts) return;
  if (!failure.dead && failure.attempts !== DELAYED_AFTER_ATTEMPTS) return;
  const request = await deps.findRequest(message.requestId);
  if (!request || !awaitsSomeone(request)) return;
  const checkerId = message.recipient;
  if (!failure.dead) {
    if (request.status !== "PENDING") return;
    await notifyMaker(
      deps,
      request,
      messageKey.delayed(request.id),
      renderDeliveryDelayedNotice(request),
    );
    return;
  }
  const unreached = { checkerId, error: failure.error, attempts: failure.attempts };
  await notifyMaker(
    deps,
    request,
    messageKey.unreached(request.id, checkerId),
    renderUnreachedNotice(request, unreached),
  );
  await deps.outbox.touch(messageKey.maker(request.id), deps.clock.now());
}

/** A workflow step's completion Slack refused for good: the maker hears the workflow stopped. */
async function stepNotCompleted(
  deps: DeliveryTroubleDeps,
  message: OutboxMessage,
  failure: { readonly dead: boolean; readonly error: string },
): Promise<void> {
  if (!failure.dead || !message.requestId) return;
  const request = await deps.findRequest(message.requestId);
  if (!request) return;
  const notice = renderStepNotCompletedNotice(request, failure.error);
  await notifyMaker(deps, request, stepNotCompletedKey(request.id), notice);
}

/**
 * After a delivery: a checker's message posted at last (re-sent by an operator, or by a later
 * change) after the maker was told it was not: the maker's card drops the warning, and the
 * maker hears that it arrived.
 */
export async function afterDelivered(
  deps: DeliveryTroubleDeps,
  message: OutboxMessage,
): Promise<void> {
  if (!isCheckerMessageKey(message.key) || !message.requestId || message.ts) return;
  const checkerId = message.recipient;
  if (!(await deps.outbox.exists(messageKey.unreached(message.requestId, checkerId)))) return;
  const request = await deps.findRequest(message.requestId);
  if (!request) return;
  await notifyMaker(
    deps,
    request,
    messageKey.reached(request.id, checkerId),
    renderReachedNotice(request, checkerId),
  );
  await deps.outbox.touch(messageKey.maker(request.id), deps.clock.now());
}

/** A reply in the thread of the maker's card; queued once per key. */
function notifyMaker(
  deps: DeliveryTroubleDeps,
  request: RequestRecord,
  key: string,
  payload: object,
): Promise<void> {
  return deps.outbox.enqueue(
    {
      key,
      requestId: request.id,
      recipient: request.makerId,
      threadKey: messageKey.maker(request.id),
      payload: payload as JsonObject,
    },
    deps.clock.now(),
  );
}
