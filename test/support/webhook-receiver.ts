import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedWebhook {
  readonly path: string;
  readonly headers: IncomingMessage["headers"];
  readonly body: Record<string, unknown>;
}

export interface WebhookReceiverOptions {
  /**
   * The actions' secret: every delivery must then carry a valid Four-Eyes-Signature no older than
   * 5 minutes, checked as README's example does; one that does not is answered 401 and kept in
   * `rejected`, never in `received`. Absent: anything is accepted (a target that is no webhook).
   */
  readonly secret?: string;
  /** The time signatures are checked against: the bot's clock when the test moves it. */
  readonly now?: () => Date;
}

/** Why a delivery's signature does not hold, or undefined when it does (README's scheme). */
export function signatureProblem(
  raw: Buffer,
  headers: IncomingMessage["headers"],
  secret: string,
  now: Date,
): string | undefined {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(headers["four-eyes-signature"] ?? ""));
  if (!match) return "no Four-Eyes-Signature of the form t=…,v1=…";
  const [, t, v1] = match as unknown as [string, string, string];
  if (Math.abs(now.getTime() / 1000 - Number(t)) > 300)
    return `timestamp ${t} is not within 5 minutes`;
  const key = String(headers["idempotency-key"] ?? "");
  const expected = createHmac("sha256", secret).update(`${t}.${key}.`).update(raw).digest();
  return timingSafeEqual(expected, Buffer.from(v1, "hex")) ? undefined : "signature does not match";
}

/** A loopback webhook target for actions.yml: records deliveries, answers from a script. */
export async function startWebhookReceiver(options: WebhookReceiverOptions = {}) {
  const received: ReceivedWebhook[] = [];
  const rejected: (ReceivedWebhook & { readonly problem: string })[] = [];
  const script: { status: number; body: string }[] = [];
  let holding = false;
  const held: (() => void)[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const delivery = {
      path: req.url ?? "/",
      headers: req.headers,
      body: JSON.parse(raw.toString("utf8") || "{}"),
    };
    const { secret } = options;
    const problem =
      secret === undefined
        ? undefined
        : signatureProblem(raw, req.headers, secret, options.now?.() ?? new Date());
    if (problem !== undefined) {
      rejected.push({ ...delivery, problem });
      res.writeHead(401, { "content-type": "text/plain" });
      res.end(`${problem}\n`);
      return;
    }
    received.push(delivery);
    // A target that is slow to act: the caller waits (or dies waiting).
    if (holding) await new Promise<void>((resolve) => held.push(resolve));
    const answer = script.shift() ?? { status: 200, body: JSON.stringify({ done: true }) };
    res.writeHead(answer.status, { "content-type": "application/json" });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    /** Deliveries refused for their signature (with why): a correct bot never has any. */
    rejected,
    /** From now on, deliveries are recorded but not answered until `release()`. */
    hold() {
      holding = true;
    },
    release() {
      holding = false;
      for (const resolve of held.splice(0)) resolve();
    },
    /** The next delivery gets this answer (then back to 200). */
    answerNext(status: number, body: unknown = {}) {
      script.push({ status, body: JSON.stringify(body) });
    },
    close: () =>
      new Promise<void>((resolve) => {
        holding = false;
        for (const answer of held.splice(0)) answer();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
