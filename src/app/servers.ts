import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { HTTPReceiver } from "@slack/bolt";
import type { Clock } from "../core/clock.ts";
import { ConfigError } from "../core/errors.ts";
import { createSlackHttpServer } from "../slack/http-server.ts";
import { createOpsServer, type OpsEndpoints } from "../telemetry/ops-endpoints.ts";

/** METRICS_PORT's server: /metrics, /healthz, /readyz on a port of their own. */
export async function startOpsServer(ops: OpsEndpoints, port: number): Promise<Server> {
  const server = createOpsServer(ops);
  await listen(server, port, "METRICS_PORT");
  return server;
}

/** HTTP mode's server: Slack's traffic on PORT, and /healthz (the rest with OPS_ON_SLACK_PORT). */
export async function startSlackServer(
  options: { readonly receiver: HTTPReceiver; readonly clock: Clock; readonly ops: OpsEndpoints },
  port: number,
): Promise<Server> {
  const server = createSlackHttpServer(options);
  await listen(server, port, "PORT");
  return server;
}

/** The port a started server listens on. */
export function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}

/** Listens on `port`; a port taken or forbidden is a configuration problem, named as such. */
function listen(server: Server, port: number, variable: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException) => {
      const why =
        error.code === "EADDRINUSE"
          ? "is already in use by another process"
          : error.code === "EACCES"
            ? "needs privileges this process does not have (use a port above 1023)"
            : `cannot be listened on (${error.message})`;
      reject(new ConfigError(`${variable} ${port} ${why}.`, { cause: error }));
    };
    server.once("error", fail);
    server.listen(port, () => {
      server.off("error", fail);
      resolve();
    });
  });
}

/** How long requests in flight may take to finish once the bot is told to stop. */
const DRAIN_MS = 5_000;

/** Stops taking connections, lets requests in flight finish (for a while), then closes. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}
