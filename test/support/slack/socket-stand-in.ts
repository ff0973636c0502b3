/**
 * Slack's Socket Mode endpoint, locally: greets clients with `hello`, delivers envelopes and
 * collects the acks (`{ envelope_id, payload }`) that @slack/socket-mode sends back.
 */
import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";
import { WAIT_MS } from "../patience.ts";
import { DEFAULT_APP_ID } from "./ids.ts";
import type { SlackStandIn } from "./stand-in.ts";

type Json = Record<string, unknown>;

export type EnvelopeType = "slash_commands" | "interactive" | "events_api";

export interface Envelope {
  envelope_id: string;
  type: EnvelopeType;
  payload: Json;
  accepts_response_payload: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

export interface Ack {
  envelope_id: string;
  payload?: Json;
}

export function slashCommandEnvelope(fields: Record<string, string>): Envelope {
  return {
    envelope_id: randomUUID(),
    type: "slash_commands",
    payload: { ...fields },
    accepts_response_payload: true,
  };
}

/** Only some interactions let the ack carry a response (view_submission's response_action). */
export function interactiveEnvelope(payload: Json): Envelope {
  const respondable = ["view_submission", "block_suggestion"].includes(String(payload.type));
  return {
    envelope_id: randomUUID(),
    type: "interactive",
    payload,
    accepts_response_payload: respondable,
  };
}

export function eventsApiEnvelope(
  callback: Json,
  { retryAttempt = 0, retryReason = "" }: { retryAttempt?: number; retryReason?: string } = {},
): Envelope {
  return {
    envelope_id: randomUUID(),
    type: "events_api",
    payload: callback,
    accepts_response_payload: false,
    retry_attempt: retryAttempt,
    retry_reason: retryReason,
  };
}

export interface SocketStandInOptions {
  appId?: string;
  /** apps.connections.open on this Web API stand-in will hand out the socket's URL. */
  standIn?: SlackStandIn;
  /** Slack pings every few seconds; a client that stops hearing pings reconnects. */
  pingIntervalMs?: number;
}

export class SocketStandIn {
  readonly acks: Ack[] = [];
  /** Everything clients sent that was not an ack, for debugging. */
  readonly otherMessages: unknown[] = [];
  private readonly events = new EventEmitter();
  private readonly clients = new Set<WebSocket>();
  private readonly pinger: NodeJS.Timeout;

  constructor(
    private readonly server: WebSocketServer,
    private readonly appId: string,
    pingIntervalMs: number,
  ) {
    server.on("connection", (socket) => this.accept(socket));
    this.pinger = setInterval(() => {
      for (const client of this.clients) client.ping(`ping ${Date.now()}`);
    }, pingIntervalMs);
    this.pinger.unref();
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `ws://127.0.0.1:${port}/link/`;
  }

  get connectionCount(): number {
    return this.clients.size;
  }

  private accept(socket: WebSocket): void {
    this.clients.add(socket);
    socket.on("close", () => this.clients.delete(socket));
    socket.on("message", (data) => this.receive(data.toString()));
    socket.send(
      JSON.stringify({
        type: "hello",
        num_connections: this.clients.size,
        debug_info: {
          host: "applink-stand-in",
          build_number: 1,
          approximate_connection_time: 18060,
        },
        connection_info: { app_id: this.appId },
      }),
    );
    this.events.emit("connection", socket);
  }

  private receive(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.otherMessages.push(text);
      return;
    }
    const isAck = typeof message === "object" && message !== null && "envelope_id" in message;
    if (!isAck) {
      this.otherMessages.push(message);
      return;
    }
    this.acks.push(message as Ack);
    this.events.emit("ack", message);
  }

  waitForConnection(timeoutMs = WAIT_MS): Promise<void> {
    if (this.clients.size > 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.events.off("connection", onConnection);
        reject(new Error(`No Socket Mode client connected within ${timeoutMs}ms`));
      }, timeoutMs);
      const onConnection = () => {
        clearTimeout(timer);
        resolve();
      };
      this.events.once("connection", onConnection);
    });
  }

  /** Delivers the envelope to one connected client and resolves with that client's ack. */
  send(envelope: Envelope, { timeoutMs = WAIT_MS } = {}): Promise<Ack> {
    const client = [...this.clients].at(-1);
    if (!client) return Promise.reject(new Error("No Socket Mode client is connected"));
    return new Promise((resolve, reject) => {
      const onAck = (ack: Ack) => {
        if (ack.envelope_id !== envelope.envelope_id) return;
        clearTimeout(timer);
        this.events.off("ack", onAck);
        resolve(ack);
      };
      const timer = setTimeout(() => {
        this.events.off("ack", onAck);
        reject(new Error(`No ack for ${envelope.type} envelope within ${timeoutMs}ms`));
      }, timeoutMs);
      this.events.on("ack", onAck);
      client.send(JSON.stringify(envelope));
    });
  }

  /** Asks clients to reconnect, as Slack does before recycling a connection. */
  requestDisconnect(
    reason: "warning" | "refresh_requested" | "link_disabled" = "refresh_requested",
  ) {
    const message = JSON.stringify({
      type: "disconnect",
      reason,
      debug_info: { host: "applink-stand-in" },
    });
    for (const client of this.clients) client.send(message);
  }

  /**
   * Completes the close handshake when clients answer promptly (so they log no socket errors),
   * then terminates stragglers so a test never waits long.
   */
  async close({ graceMs = 250 } = {}): Promise<void> {
    clearInterval(this.pinger);
    const closing = [...this.clients].map(
      (client) =>
        new Promise<void>((resolve) => {
          if (client.readyState === client.CLOSED) return resolve();
          client.once("close", () => resolve());
          if (client.readyState === client.OPEN) client.close(1000, "stand-in closing");
        }),
    );
    const grace = new Promise((resolve) => setTimeout(resolve, graceMs).unref());
    await Promise.race([Promise.all(closing), grace]);
    for (const client of this.clients) client.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export async function startSocketStandIn(
  options: SocketStandInOptions = {},
): Promise<SocketStandIn> {
  const server = await new Promise<WebSocketServer>((resolve, reject) => {
    const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    wss.once("listening", () => resolve(wss));
    wss.once("error", reject);
  });
  const appId = options.appId ?? options.standIn?.identity.appId ?? DEFAULT_APP_ID;
  const socket = new SocketStandIn(server, appId, options.pingIntervalMs ?? 10_000);
  if (options.standIn) options.standIn.socketUrl = socket.url;
  return socket;
}
