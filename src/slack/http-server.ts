import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { HTTPReceiver } from "@slack/bolt";
import type { Clock } from "../core/clock.ts";
import { handleOpsRequest, type OpsEndpoints } from "../telemetry/ops-endpoints.ts";

export const EVENTS_PATH = "/slack/events";

/** How far a request's timestamp may be from now, either way (Slack's own rule is 5 minutes). */
const MAX_CLOCK_SKEW_S = 5 * 60;

export interface SlackHttpServerOptions {
  readonly receiver: HTTPReceiver;
  readonly clock: Clock;
  /** /healthz on the same port as Slack's traffic; /readyz and /metrics only when asked for. */
  readonly ops: OpsEndpoints;
}

/**
 * The bot's HTTP face: Slack's traffic at POST /slack/events (verified by Bolt's receiver), and
 * /healthz for load balancers (/readyz and /metrics with OPS_ON_SLACK_PORT). Bolt rejects stale
 * timestamps but accepts ones from the future, which would let a request signed ahead of time be
 * replayed later: those are refused here before Bolt reads the body.
 */
export function createSlackHttpServer(options: SlackHttpServerOptions): Server {
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    if (handleOpsRequest(options.ops, req, res)) return;
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path !== EVENTS_PATH) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found\n");
      return;
    }
    if (isFromTheFuture(req, options.clock)) {
      req.resume();
      res.writeHead(401, { "content-type": "text/plain" });
      res.end("request timestamp is in the future\n");
      return;
    }
    options.receiver.requestListener(req, res);
  });
}

function isFromTheFuture(req: IncomingMessage, clock: Clock): boolean {
  const header = req.headers["x-slack-request-timestamp"];
  const timestamp = Number(Array.isArray(header) ? header[0] : header);
  if (!Number.isFinite(timestamp)) return false; // Bolt rejects a missing or bad one itself.
  return timestamp > clock.now().getTime() / 1000 + MAX_CLOCK_SKEW_S;
}
