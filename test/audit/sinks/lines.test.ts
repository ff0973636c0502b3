import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createCheckpoint, parseCheckpoint } from "../../../src/audit/checkpoint.ts";
import { toJsonLines } from "../../../src/audit/export.ts";
import { checkpointLine, eventLine } from "../../../src/audit/sinks/lines.ts";
import type { AuditEvent } from "../../../src/requests/audit-events.ts";
import { GENESIS_HASH, sealEvent } from "../../../src/trail/chain.ts";
import { ChainReceiver } from "../../support/sink-receiver.ts";
import { key } from "../trail.ts";

function chain(count: number): AuditEvent[] {
  const events: AuditEvent[] = [];
  let head = { seq: 0, hash: GENESIS_HASH };
  for (let i = 0; i < count; i++) {
    const event = sealEvent(key, head, {
      id: randomUUID(),
      type: "DELEGATION_SET",
      requestId: null,
      requestNumber: null,
      correlationId: null,
      causationId: null,
      actor: "U1",
      fromStatus: null,
      toStatus: null,
      at: new Date(Date.UTC(2026, 11, 4, 10, i)),
      details: { n: i },
    });
    events.push(event);
    head = event;
  }
  return events;
}

async function* each<T>(items: readonly T[]) {
  yield* items;
}

describe("the lines the sinks carry", () => {
  it("writes an event exactly as audit export --format jsonl does", async () => {
    const events = chain(3);
    const exported: string[] = [];
    for await (const line of toJsonLines(each(events))) exported.push(line);
    expect(events.map((event) => `${eventLine(event)}\n`)).toEqual(exported);
  });

  it("writes a checkpoint as itself plus kind, canonical, and parseable back", async () => {
    const events = chain(2);
    const last = events[1] as AuditEvent;
    const checkpoint = await createCheckpoint({ head: async () => last }, key);
    const line = checkpointLine(checkpoint);
    expect(line.startsWith('{"at":')).toBe(true);
    const { kind, ...rest } = JSON.parse(line) as Record<string, unknown>;
    expect(kind).toBe("checkpoint");
    expect(parseCheckpoint(JSON.stringify(rest))).toEqual(checkpoint);
  });
});

describe("a receiver's continuity check", () => {
  it("takes the chain in order and drops what it already has", () => {
    const receiver = new ChainReceiver();
    const lines = chain(4).map(eventLine);
    for (const line of [...lines.slice(0, 3), ...lines.slice(1)]) receiver.accept(line);
    expect(receiver.events.map((event) => event.seq)).toEqual([1, 2, 3, 4]);
    expect(receiver.duplicates).toBe(2);
    expect(receiver.problems).toEqual([]);
  });

  it("reports a gap: a missing seq, or an event that does not follow the last hash", () => {
    const lines = chain(4).map(eventLine);
    const missing = new ChainReceiver();
    for (const line of [lines[0], lines[2]]) missing.accept(line as string);
    expect(missing.problems).toEqual(["gap: after #1 came #3 whose prevHash is not the last hash"]);

    const forged = JSON.parse(lines[1] as string) as Record<string, unknown>;
    forged.prevHash = "f".repeat(64);
    const broken = new ChainReceiver();
    broken.accept(lines[0] as string);
    broken.accept(JSON.stringify(forged));
    expect(broken.problems).toEqual(["gap: after #1 came #2 whose prevHash is not the last hash"]);
    expect(broken.lastSeq).toBe(1);
  });
});
