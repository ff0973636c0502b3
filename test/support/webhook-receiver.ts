import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedWebhook {
  readonly path: string;
  readonly headers: IncomingMessage["headers"];
  readonly body: Record<string, unknown>;
}

/** A loopback webhook target for actions.yml: records deliveries, answers from a script. */
export async function startWebhookReceiver() {
  const received: ReceivedWebhook[] = [];
  const script: { status: number; body: string }[] = [];
  let holding = false;
  const held: (() => void)[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    received.push({ path: req.url ?? "/", headers: req.headers, body: JSON.parse(text || "{}") });
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
