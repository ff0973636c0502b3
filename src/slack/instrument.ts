import type { App, ReceiverEvent } from "@slack/bolt";
import { z } from "zod";
import { withLogContext } from "../core/log-context.ts";
import type { Logger } from "../core/logger.ts";
import type { Metrics, SlackRequestKind } from "../telemetry/metrics.ts";

/** Only what identifies a request; every field optional, since kinds differ in what they carry. */
const slackBody = z.looseObject({
  type: z.string().optional(),
  command: z.string().optional(),
  team: z.object({ id: z.string() }).partial().nullish(),
  team_id: z.string().optional(),
  user: z.object({ id: z.string() }).partial().nullish(),
  user_id: z.string().optional(),
  channel: z.object({ id: z.string() }).partial().nullish(),
  channel_id: z.string().optional(),
  actions: z.array(z.object({ action_id: z.string() }).partial()).optional(),
  action_id: z.string().optional(),
  view: z.object({ id: z.string(), callback_id: z.string() }).partial().nullish(),
  container: z.object({ message_ts: z.string() }).partial().nullish(),
  event: z.object({ type: z.string(), user: z.string() }).partial().nullish(),
  event_id: z.string().optional(),
});

type SlackBody = z.infer<typeof slackBody>;

function kindOf(body: SlackBody): SlackRequestKind {
  if (body.command) return "command";
  switch (body.type) {
    case "block_actions":
    case "view_submission":
    case "view_closed":
    case "block_suggestion":
      return body.type;
    case "event_callback":
      return "event";
    default:
      return "other";
  }
}

/** The Slack ids of an incoming request, as log fields: who, where, what was clicked. */
export function slackLogFields(raw: unknown): Record<string, string> {
  const parsed = slackBody.safeParse(raw);
  if (!parsed.success) return { slackKind: "other" };
  const body = parsed.data;
  const fields: Record<string, string | undefined> = {
    slackKind: kindOf(body),
    team: body.team?.id ?? body.team_id,
    user: body.user?.id ?? body.user_id ?? body.event?.user,
    channel: body.channel?.id ?? body.channel_id,
    command: body.command,
    actionId: body.actions?.[0]?.action_id ?? body.action_id,
    callbackId: body.view?.callback_id,
    viewId: body.view?.id,
    messageTs: body.container?.message_ts,
    eventType: body.event?.type,
    eventId: body.event_id,
  };
  return Object.fromEntries(
    Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/**
 * Every request Slack sends, in HTTP and Socket Mode alike, passes through `processEvent`: the one
 * place to time the ack and to give every line logged while handling it the request's Slack ids.
 * Bolt hands middleware a copy of its arguments, so a wrapped `ack` could not be set there.
 */
export function instrumentSlackRequests(app: App, logger: Logger, metrics: Metrics): void {
  const process = app.processEvent.bind(app);
  app.processEvent = (event: ReceiverEvent) => {
    const started = performance.now();
    const fields = slackLogFields(event.body);
    const kind = (fields.slackKind ?? "other") as SlackRequestKind;
    let acked = false;
    const ack: ReceiverEvent["ack"] = (response) => {
      if (!acked) {
        acked = true;
        metrics.ackSeconds.observe({ kind }, (performance.now() - started) / 1000);
      }
      return event.ack(response);
    };
    return withLogContext(fields, () => {
      logger.debug(`slack: ${kind}`, event.retryNum ? { retryNum: event.retryNum } : undefined);
      return process({ ...event, ack });
    });
  };
}
