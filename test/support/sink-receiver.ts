import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { GENESIS_HASH } from "../../src/trail/chain.ts";
import { signatureProblem } from "./webhook-receiver.ts";

/**
 * What a receiver of the audit sinks does with the lines it gets, as README describes it: drops
 * the seqs it already has (delivery is at least once), and checks that each new event follows
 * the last one (seq = last + 1, prevHash = last hash). A line that does not is a gap.
 */
export class ChainReceiver {
  readonly events: { seq: number; hash: string; line: string }[] = [];
  readonly checkpoints: { seq: number; hash: string; signature: string }[] = [];
  readonly problems: string[] = [];
  duplicates = 0;
  #lastSeq = 0;
  #lastHash = GENESIS_HASH;

  get lastSeq(): number {
    return this.#lastSeq;
  }

  accept(line: string): void {
    const parsed = JSON.parse(line) as Record<string, unknown>;
    if (parsed.kind === "checkpoint") {
      this.checkpoints.push(parsed as unknown as ChainReceiver["checkpoints"][number]);
      return;
    }
    const seq = Number(parsed.seq);
    const hash = String(parsed.hash);
    if (seq <= this.#lastSeq) {
      this.duplicates += 1;
      return;
    }
    if (seq !== this.#lastSeq + 1 || parsed.prevHash !== this.#lastHash) {
      this.problems.push(
        `gap: after #${this.#lastSeq} came #${seq}${parsed.prevHash === this.#lastHash ? "" : " whose prevHash is not the last hash"}`,
      );
      return;
    }
    this.events.push({ seq, hash, line });
    this.#lastSeq = seq;
    this.#lastHash = hash;
  }
}

/**
 * A loopback collector for the HTTP sink: checks each POST's signature, feeds its lines to a
 * ChainReceiver, and can go down (stop listening) and come back on the same port.
 */
export async function startAuditCollector(secret: string) {
  const chain = new ChainReceiver();
  const rejected: string[] = [];
  const requests: { kind: string; seq: string; contentType: string; extra: string }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const handler = createServer(async (req, res) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const raw = Buffer.concat(chunks);
      const problem = signatureProblem(raw, req.headers, secret, new Date());
      if (problem !== undefined) {
        rejected.push(problem);
        res.writeHead(401).end();
        return;
      }
      requests.push({
        kind: String(req.headers["four-eyes-audit-kind"]),
        seq: String(req.headers["four-eyes-audit-seq"] ?? ""),
        contentType: String(req.headers["content-type"]),
        extra: String(req.headers["x-collector-token"] ?? ""),
      });
      for (const line of raw.toString("utf8").split("\n")) if (line) chain.accept(line);
      res.writeHead(200).end("{}");
    } finally {
      inFlight -= 1;
    }
  });
  let server: Server = handler;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return {
    url: `http://127.0.0.1:${port}/collector`,
    chain,
    rejected,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    /** Stops listening: the sink meets a refused connection. */
    down: close,
    /** Listens again on the same port. */
    up: async () => {
      server = handler;
      await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    },
    close,
  };
}
