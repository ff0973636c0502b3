import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Metrics } from "./metrics.ts";
import { checkReadiness, type ReadinessProbes } from "./readiness.ts";

export const OPS_PATHS = { health: "/healthz", ready: "/readyz", metrics: "/metrics" } as const;

export interface OpsEndpoints {
  readonly metrics: Metrics;
  readonly probes: ReadinessProbes;
  /** False while starting and once stopping: then even /healthz says 503. */
  readonly isStarted: () => boolean;
  /**
   * Whether /readyz and /metrics are served here. Not on the Slack-facing port unless
   * OPS_ON_SLACK_PORT asks for it: whoever reaches that port (anyone Slack can reach) would read
   * request counts, action names and why the bot is not ready.
   */
  readonly servesPrivate: boolean;
}

/**
 * Answers GET /healthz (the process is up and started: restart it if not), /readyz (it can do its
 * work: send it traffic if so) and /metrics. Returns false for any other request, and for the
 * last two where they are not served.
 */
export function handleOpsRequest(
  ops: OpsEndpoints,
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  const path = new URL(req.url ?? "/", "http://localhost").pathname;
  if (path === OPS_PATHS.health) {
    const started = ops.isStarted();
    send(res, started ? 200 : 503, "text/plain", started ? "ok\n" : "starting\n");
    return true;
  }
  if (!ops.servesPrivate) return false;
  if (path === OPS_PATHS.ready) {
    void answer(res, async () => {
      const report = await checkReadiness(ops.probes);
      const ready = report.ready && ops.isStarted();
      const body = { status: ready ? "ready" : "not ready", checks: report.checks };
      return [ready ? 200 : 503, "application/json", `${JSON.stringify(body)}\n`];
    });
    return true;
  }
  if (path === OPS_PATHS.metrics) {
    void answer(res, async () => {
      const { contentType, body } = await ops.metrics.render();
      return [200, contentType, body];
    });
    return true;
  }
  return false;
}

/** A port of its own for the three endpoints (METRICS_PORT): Socket Mode has no other. */
export function createOpsServer(ops: Omit<OpsEndpoints, "servesPrivate">): Server {
  const everything = { ...ops, servesPrivate: true };
  return createServer((req, res) => {
    if (!handleOpsRequest(everything, req, res)) send(res, 404, "text/plain", "not found\n");
  });
}

async function answer(
  res: ServerResponse,
  work: () => Promise<[number, string, string]>,
): Promise<void> {
  try {
    send(res, ...(await work()));
  } catch (error) {
    send(res, 500, "text/plain", `${error instanceof Error ? error.message : String(error)}\n`);
  }
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { "content-type": contentType, "cache-control": "no-store" });
  res.end(body);
}
