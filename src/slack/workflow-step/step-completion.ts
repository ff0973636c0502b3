import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import type { Deliver } from "../../outbox/dispatcher.ts";
import type { Change, OutboxDraft } from "../../requests/notifications.ts";
import { isClosed } from "../../requests/status.ts";
import { classifySlackError } from "../deliver-message.ts";
import { stepOutputs } from "./step-outputs.ts";

/** The outbox key of a step's completion: one per request, so it is queued once. */
export function stepCompletionKey(requestId: string): string {
  return `${requestId}:step`;
}

export function isStepCompletionKey(key: string): boolean {
  return key.endsWith(":step");
}

/** Told to the maker when Slack refused the step's completion for good. */
export function stepNotCompletedKey(requestId: string): string {
  return `${requestId}:step-not-completed`;
}

/** An outbox payload that completes a step rather than posting a message. */
const completionSchema = z.object({ step: z.object({ outputs: z.record(z.string(), z.json()) }) });

/**
 * The step's completion, when this change closes a request a Workflow Builder step filed: queued
 * in the transaction that closes it, so it is sent once whatever crashes or restarts come after,
 * from whichever replica delivers the outbox. The recipient is the step's execution (Fx…).
 */
export function stepCompletion({ request, previous }: Change): OutboxDraft[] {
  const step = request.workflowStep;
  if (!step || !isClosed(request.status) || (previous && isClosed(previous.status))) return [];
  return [
    {
      key: stepCompletionKey(request.id),
      requestId: request.id,
      recipient: step.executionId,
      threadKey: null,
      payload: { step: { outputs: stepOutputs(request) } },
    },
  ];
}

/**
 * Completes steps with functions.completeSuccess, with the app's own bot token: the token Slack
 * issues with each execution is short-lived, while a request may wait days for its checker.
 * Every other outbox message goes to `deliver`.
 */
export function withStepCompletions(deliver: Deliver, client: WebClient): Deliver {
  return async (message, thread) => {
    const completion = completionSchema.safeParse(message.payload);
    if (!completion.success) return deliver(message, thread);
    try {
      await client.functions.completeSuccess({
        function_execution_id: message.recipient,
        outputs: completion.data.step.outputs,
      });
      // Not a message: nothing to edit later, so where it "is" is the execution itself.
      return { ok: true, channel: message.recipient, ts: "completed" };
    } catch (error) {
      return classifySlackError(error);
    }
  };
}
