import { createHmac } from "node:crypto";
import canonicalize from "canonicalize";
import { beforeAll, describe, expect, it } from "vitest";
import { type Checkpoint, CheckpointError, signCheckpoint } from "../../src/audit/checkpoint.ts";
import { eventJson } from "../../src/audit/export.ts";
import { verifyTrailFile } from "../../src/audit/verify-file.ts";
import type { AuditEvent } from "../../src/requests/audit-events.ts";
import { canonicalEventContent, sealEvent } from "../../src/trail/chain.ts";
import { auditKeyFrom } from "../../src/trail/key.ts";
import { exportedTrail } from "../support/populated-trail.ts";
import { key } from "./trail.ts";

const otherKey = auditKeyFrom("y".repeat(32));

/** The 12 lines `audit export --format jsonl` wrote for `populate`'s trail, and its checkpoint. */
let lines: string[];
let head: Checkpoint;

beforeAll(async () => {
  ({ lines, checkpoint: head } = await exportedTrail());
});

async function* each(texts: readonly string[]): AsyncGenerator<string> {
  yield* texts;
}

const verify = (texts: readonly string[], options: Parameters<typeof verifyTrailFile>[2] = {}) =>
  verifyTrailFile(each(texts), key, options);

/** Line `n` (1-based) as an event, changed by `change`, written back as export writes it. */
function changed(n: number, change: (event: AuditEvent) => AuditEvent): string {
  const json = JSON.parse(lines[n - 1] as string);
  return eventJson(change({ ...json, at: new Date(json.at) }));
}

function eventAt(n: number): AuditEvent {
  const json = JSON.parse(lines[n - 1] as string);
  return { ...json, at: new Date(json.at) };
}

function signed(seq: number, hash: string, by = key): Checkpoint {
  const fields = { version: 1 as const, seq, hash, at: null, keyId: by.id };
  return { ...fields, signature: signCheckpoint(by, fields) };
}

/** As a sink writes a checkpoint into the stream. */
const checkpointLine = (checkpoint: Checkpoint) =>
  canonicalize({ kind: "checkpoint", ...checkpoint }) as string;

const without = (n: number) => lines.filter((_, i) => i !== n - 1);

describe("verifyTrailFile", () => {
  it("passes the clean export, from the start of the trail", async () => {
    expect(await verify(lines)).toEqual({
      ok: true,
      events: 12,
      duplicates: 0,
      checkpoints: 0,
      uncheckedCheckpoints: 0,
      first: { seq: 1, prevHash: "0".repeat(64) },
      last: { seq: 12, hash: head.hash, at: new Date("2026-01-05T09:10:00.000Z") },
    });
    // Blank lines and CRLF line ends change nothing the seal covers.
    expect(await verify(["", ...lines.map((line) => `${line}\r`), " "])).toMatchObject({
      ok: true,
      events: 12,
    });
  });

  it("skips exact repeats of lines already read, as at-least-once sinks deliver them", async () => {
    const redelivered = [...lines.slice(0, 8), ...lines.slice(4, 8), lines[2], ...lines.slice(8)];
    expect(await verify(redelivered as string[])).toMatchObject({
      ok: true,
      events: 12,
      duplicates: 5,
      last: { seq: 12 },
    });
  });

  it("passes a file that starts mid-trail, taking its first link as the anchor", async () => {
    expect(await verify(lines.slice(4))).toMatchObject({
      ok: true,
      events: 8,
      first: { seq: 5, prevHash: eventAt(4).hash },
      last: { seq: 12 },
    });
  });

  it("catches a line whose details or actor were edited", async () => {
    const reason = changed(6, (event) => ({ ...event, details: { reason: "Approved, actually" } }));
    const actor = changed(2, (event) => ({ ...event, actor: "U9FORGER" }));
    for (const [n, edited] of [
      [6, reason],
      [2, actor],
    ] as const) {
      const texts = lines.map((line, i) => (i === n - 1 ? edited : line));
      expect(await verify(texts)).toEqual({
        ok: false,
        problem: {
          kind: "edited",
          line: n,
          seq: n,
          message: expect.stringMatching(
            new RegExp(`^line ${n}, event ${n} \\(.*\\): its content does not match its hash`),
          ),
        },
      });
    }
  });

  it("catches a line whose hash was recomputed without the key", async () => {
    const forged = changed(6, (event) => {
      const edited = { ...event, details: { reason: "Approved, actually" } };
      // What someone without the key can do: a plain SHA-256, or an HMAC with a guessed key.
      const hash = createHmac("sha256", "guess")
        .update(canonicalEventContent(edited))
        .digest("hex");
      return { ...edited, hash };
    });
    const report = await verify([...lines.slice(0, 5), forged, ...lines.slice(6)]);
    expect(report).toMatchObject({ ok: false, problem: { kind: "edited", line: 6, seq: 6 } });
  });

  it("catches a dropped line as a gap, naming the missing events", async () => {
    expect(await verify(without(5))).toEqual({
      ok: false,
      problem: {
        kind: "dropped",
        line: 5,
        seq: 5,
        message: "event 5 is missing: line 5 jumps to event 6 (lines were dropped)",
      },
    });
    const three = [...lines.slice(0, 4), ...lines.slice(7)];
    expect(await verify(three)).toMatchObject({
      ok: false,
      problem: { kind: "dropped", seq: 5, message: expect.stringMatching(/^events 5 to 7 are/) },
    });
  });

  it("catches two lines swapped, as reordered rather than dropped", async () => {
    const swapped = [...lines.slice(0, 4), lines[5], lines[4], ...lines.slice(6)] as string[];
    expect(await verify(swapped)).toEqual({
      ok: false,
      problem: {
        kind: "reordered",
        line: 5,
        seq: 6,
        message:
          "line 5 holds event 6 where event 5 belongs; event 5 comes later, on line 6 (lines were reordered)",
      },
    });
    const early = [...lines.slice(4, 8), lines[1]] as string[];
    expect(await verify(early)).toMatchObject({
      ok: false,
      problem: { kind: "reordered", line: 5, seq: 2 },
    });
  });

  it("catches a different line with a number already read, even one sealed with the key", async () => {
    const edited = changed(5, (event) => ({ ...event, actor: "U9FORGER" }));
    expect(await verify([...lines.slice(0, 8), edited, ...lines.slice(8)])).toMatchObject({
      ok: false,
      problem: { kind: "edited", line: 9, seq: 5 },
    });
    // Only the key's holder can seal a second event 5; it is still not the same event.
    const before = eventAt(4);
    const { seq: _seq, keyId: _keyId, prevHash: _prev, hash: _hash, ...draft } = eventAt(5);
    const second = eventJson(sealEvent(key, before, { ...draft, actor: "U9FORGER" }));
    expect(await verify([...lines.slice(0, 8), second, ...lines.slice(8)])).toEqual({
      ok: false,
      problem: {
        kind: "spliced",
        line: 9,
        seq: 5,
        message: expect.stringMatching(/^line 9 holds another event 5 \(.*\) than line 5: two/),
      },
    });
  });

  it("says the last line is cut off when the file was truncated in the middle of it", async () => {
    const last = lines[11] as string;
    const cut = [...lines.slice(0, 11), last.slice(0, last.length / 2)];
    expect(await verify(cut)).toMatchObject({
      ok: false,
      problem: {
        kind: "truncated",
        line: 12,
        message: expect.stringMatching(/^the last line is cut off \(it is not JSON/),
      },
    });
    // The same line anywhere else is a malformed line, named.
    const middle = [...lines.slice(0, 5), last.slice(0, 40), ...lines.slice(5)];
    expect(await verify(middle)).toMatchObject({
      ok: false,
      problem: { kind: "malformed", line: 6, message: expect.stringMatching(/^line 6: it is not/) },
    });
  });

  it("names a line that is JSON but not an event, field by field", async () => {
    const extra = JSON.stringify({ ...JSON.parse(lines[2] as string), approvedBy: "U9FORGER" });
    expect(await verify([...lines.slice(0, 2), extra])).toEqual({
      ok: false,
      problem: {
        kind: "malformed",
        line: 3,
        message: 'line 3: not an audit event: (the whole line): Unrecognized key: "approvedBy"',
      },
    });
  });

  it("names a wrong key as such, at the first line", async () => {
    expect(await verifyTrailFile(each(lines), otherKey)).toEqual({
      ok: false,
      problem: {
        kind: "wrong-key",
        line: 1,
        seq: 1,
        message: `line 1, event 1 (REQUEST_CREATED on #1): it was sealed with another audit key (key id ${key.id}, the key given is ${otherKey.id})`,
      },
    });
  });

  it("checks checkpoint lines: their signature, and the hash of the event they name", async () => {
    const at8 = signed(8, eventAt(8).hash);
    const texts = [
      checkpointLine(signed(12, head.hash)), // ahead of its event: checked when it comes
      ...lines.slice(0, 8),
      checkpointLine(at8),
      checkpointLine(at8), // a sink's repeat
      ...lines.slice(8),
    ];
    expect(await verify(texts)).toMatchObject({ ok: true, events: 12, checkpoints: 3 });

    const forged = { ...at8, hash: eventAt(7).hash };
    expect(await verify([...lines.slice(0, 8), checkpointLine(forged)])).toMatchObject({
      ok: false,
      problem: { kind: "forged-checkpoint", line: 9 },
    });
    const unsigned = signed(8, eventAt(8).hash, otherKey);
    expect(await verify([...lines.slice(0, 8), checkpointLine(unsigned)])).toMatchObject({
      ok: false,
      problem: {
        kind: "forged-checkpoint",
        message: expect.stringContaining("signed with another audit key"),
      },
    });
    const otherHash = signed(8, eventAt(7).hash);
    expect(await verify([...lines.slice(0, 9), checkpointLine(otherHash)])).toMatchObject({
      ok: false,
      problem: { kind: "rewritten", line: 10, seq: 8 },
    });
  });

  it("catches a file cut off after a checkpoint line it still holds", async () => {
    const texts = [...lines.slice(0, 8), checkpointLine(signed(10, eventAt(10).hash))];
    expect(await verify(texts)).toEqual({
      ok: false,
      problem: {
        kind: "truncated",
        line: 9,
        seq: 10,
        message:
          "the file ends at event 8 (line 8), but the checkpoint on line 9 vouches for event 10: the events after it were cut off",
      },
    });
  });

  it("holds the file to a checkpoint shipped separately", async () => {
    expect(await verify(lines, { checkpoint: head })).toMatchObject({ ok: true, events: 12 });
    expect(await verify(lines.slice(4), { checkpoint: head })).toMatchObject({ ok: true });
    // A checkpoint on the first line's anchor is checked against its link.
    expect(await verify(lines.slice(4), { checkpoint: signed(4, eventAt(4).hash) })).toMatchObject({
      ok: true,
    });

    expect(await verify(lines.slice(0, 10), { checkpoint: head })).toEqual({
      ok: false,
      problem: {
        kind: "truncated",
        seq: 11,
        message:
          "the file ends at event 10 (line 10), before the checkpoint's event 12: the events after it were cut off",
      },
    });
    expect(await verify([], { checkpoint: head })).toMatchObject({
      ok: false,
      problem: { kind: "truncated", message: expect.stringMatching(/^the file holds no events/) },
    });
    expect(await verify(lines, { checkpoint: signed(6, eventAt(5).hash) })).toMatchObject({
      ok: false,
      problem: { kind: "rewritten", seq: 6 },
    });
    expect(await verify(lines, { checkpoint: { ...head, seq: 11 } })).toMatchObject({
      ok: false,
      problem: { kind: "forged-checkpoint" },
    });
    await expect(
      verify(lines.slice(6), { checkpoint: signed(3, eventAt(3).hash) }),
    ).rejects.toThrow(CheckpointError);
  });

  it("compares repeats within its window; further back, a repeat's own seal is what is checked", async () => {
    const late = [...lines, lines[1], changed(1, (event) => ({ ...event, actor: "U9" }))];
    const report = await verify(late as string[], { window: 3 });
    expect(report).toMatchObject({ ok: false, problem: { kind: "edited", line: 14, seq: 1 } });
    expect(await verify([...lines, lines[1]] as string[], { window: 3 })).toMatchObject({
      ok: true,
      duplicates: 1,
    });
  });
});
