import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { httpSink } from "../../../src/audit/sinks/http-sink.ts";
import { systemClock } from "../../../src/core/clock.ts";
import { startAuditCollector } from "../../support/sink-receiver.ts";
import { batch } from "./batch.ts";

const SECRET = "s".repeat(32);
const closing: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closing.splice(0)) await close();
});

describe("the HTTP sink", () => {
  it("POSTs signed JSON lines naming the seqs they carry, with the collector's own header", async () => {
    const collector = await startAuditCollector(SECRET);
    closing.push(collector.close);
    const sink = httpSink({
      url: collector.url,
      secret: SECRET,
      batchSize: 10,
      header: { name: "X-Collector-Token", value: "token-1" },
      clock: systemClock,
    });
    await sink.deliver(batch(['{"a":1}', '{"b":2}'], 7));
    await sink.probe();
    expect(collector.rejected).toEqual([]);
    expect(collector.requests).toEqual([
      { kind: "events", seq: "7-8", contentType: "application/x-ndjson", extra: "token-1" },
      { kind: "probe", seq: "", contentType: "application/x-ndjson", extra: "token-1" },
    ]);
  });

  it("fails on a wrong secret (the collector answers 401), a 5xx, or nobody listening", async () => {
    const collector = await startAuditCollector(SECRET);
    closing.push(collector.close);
    const wrong = httpSink({
      url: collector.url,
      secret: "w".repeat(32),
      batchSize: 10,
      clock: systemClock,
    });
    await expect(wrong.deliver(batch(["{}"], 1))).rejects.toThrow(/answered HTTP 401/);
    expect(collector.rejected).toEqual(["signature does not match"]);

    const failing = createServer((_req, res) => res.writeHead(503).end());
    await new Promise<void>((resolve) => failing.listen(0, "127.0.0.1", resolve));
    closing.push(() => new Promise((resolve) => failing.close(() => resolve())));
    const port = (failing.address() as AddressInfo).port;
    const busy = httpSink({
      url: `http://127.0.0.1:${port}/?token=x`,
      secret: SECRET,
      batchSize: 10,
      clock: systemClock,
    });
    await expect(busy.deliver(batch(["{}"], 1))).rejects.toThrow(
      `POST http://127.0.0.1:${port}/ answered HTTP 503`,
    );

    await collector.down();
    const gone = httpSink({
      url: collector.url,
      secret: SECRET,
      batchSize: 10,
      clock: systemClock,
    });
    await expect(gone.deliver(batch(["{}"], 1))).rejects.toThrow(/failed/);
  });
});
