import { randomUUID } from "node:crypto";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { natsSink } from "../../../src/audit/sinks/nats-sink.ts";
import { ChainReceiver } from "../../support/sink-receiver.ts";
import { batch } from "./batch.ts";

/** The NATS server with JetStream that these machines run. */
const NATS_URL = process.env.TEST_NATS_URL ?? "nats://127.0.0.1:4222";

/** Three chained lines, as the continuity check wants them. */
function chainLines(): string[] {
  const hash = (n: number) => String(n).repeat(64);
  return [1, 2, 3].map((seq) => JSON.stringify({ seq, prevHash: hash(seq - 1), hash: hash(seq) }));
}

describe("the NATS JetStream sink", () => {
  let nc: NatsConnection;
  const stream = `four_eyes_test_${randomUUID().slice(0, 8)}`;
  const subject = `four-eyes-test.${randomUUID().slice(0, 8)}.audit`;

  beforeAll(async () => {
    nc = await connect({ servers: NATS_URL });
  });
  afterAll(async () => {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(stream).catch(() => {});
    await nc.close();
  });

  async function stored(): Promise<string[]> {
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info(stream);
    const lines: string[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
      lines.push((await jsm.streams.getMessage(stream, { seq }))?.string() ?? "");
    }
    return lines;
  }

  it("creates its stream, publishes one acknowledged message per line, and JetStream drops re-sends", async () => {
    const sink = natsSink({ url: NATS_URL, subject, stream, batchSize: 10 });
    try {
      const lines = chainLines();
      await sink.deliver(batch(lines.slice(0, 2), 1));
      // A re-send after a lost acknowledgement: the duplicate window drops #2.
      await sink.deliver(batch(lines.slice(1), 2));
      await sink.probe();
      expect(await stored()).toEqual(lines);
      const receiver = new ChainReceiver();
      for (const line of await stored()) receiver.accept(line);
      expect(receiver.problems).toEqual([]);
      expect(receiver.lastSeq).toBe(3);
    } finally {
      await sink.close();
    }
  });

  it("fails when no stream captures its subject, or when no server answers", async () => {
    const orphan = natsSink({
      url: NATS_URL,
      subject: `${subject}.nobody`,
      batchSize: 10,
      timeoutMs: 2_000,
    });
    try {
      await expect(orphan.deliver(batch(["{}"], 1))).rejects.toThrow(/did not acknowledge nats-1/);
      await expect(orphan.probe()).rejects.toThrow();
    } finally {
      await orphan.close();
    }
    const nowhere = natsSink({
      url: "nats://127.0.0.1:1",
      subject,
      batchSize: 10,
      timeoutMs: 2_000,
    });
    await expect(nowhere.deliver(batch(["{}"], 1))).rejects.toThrow(
      /NATS at nats:\/\/127\.0\.0\.1:1/,
    );
    await nowhere.close();
  });
});
