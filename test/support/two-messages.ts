import type { Notifier } from "../../src/requests/notifications.ts";

/**
 * Two messages per change, as the Slack side queues them: the maker's card and the checker's DM,
 * revised on each change.
 */
export const twoMessages: Notifier = ({ request }) =>
  ["maker", "checker"].map((role) => ({
    key: `${request.id}:${role}`,
    requestId: request.id,
    recipient: role === "maker" ? request.makerId : "U0CHECK",
    threadKey: null,
    payload: { text: `#${request.number} is ${request.status}` },
  }));
