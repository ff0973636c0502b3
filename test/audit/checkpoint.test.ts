import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Checkpoint,
  CheckpointError,
  checkCheckpoint,
  createCheckpoint,
  parseCheckpoint,
  signCheckpoint,
} from "../../src/audit/checkpoint.ts";
import { verifyAuditTrail } from "../../src/audit/verify.ts";
import { PrismaTrailReader } from "../../src/db/prisma-trail-reader.ts";
import { GENESIS_HASH } from "../../src/trail/chain.ts";
import { auditKeyFrom } from "../../src/trail/key.ts";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../support/database.ts";
import { whileTampered } from "./tamper.ts";
import { auditService, CHECKER, createNote, key, populate, type Trail, value } from "./trail.ts";

const otherKey = auditKeyFrom("y".repeat(32));

describe.each(databaseKinds)("checkpoints on %s", (kind) => {
  let db: TestDatabase;
  let trail: Trail;
  let checkpoint: Checkpoint;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(() => db?.destroy());

  const verify = (with_?: Checkpoint) =>
    verifyAuditTrail(new PrismaTrailReader(db.prisma), key, { batchSize: 4, checkpoint: with_ });

  it("of an empty trail: seq 0 and the genesis hash, and the empty trail verifies", async () => {
    const empty = await createCheckpoint(new PrismaTrailReader(db.prisma), key);
    expect(empty).toMatchObject({
      version: 1,
      seq: 0,
      hash: GENESIS_HASH,
      at: null,
      keyId: key.id,
    });
    expect(await verify(empty)).toEqual({ ok: true, events: 0, requests: 0, head: null });

    trail = await populate(db.prisma);
    expect(await verify(empty)).toMatchObject({ ok: true, events: trail.events });
  });

  it("records the head of the chain, signed", async () => {
    checkpoint = await createCheckpoint(new PrismaTrailReader(db.prisma), key);
    const head = await db.prisma.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } });
    expect(checkpoint).toEqual({
      version: 1,
      seq: trail.events,
      hash: head.hash,
      at: "2026-01-05T09:10:00.000Z",
      keyId: key.id,
      signature: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(checkCheckpoint(key, checkpoint)).toBe(true);
    expect(checkCheckpoint(otherKey, checkpoint)).toBe(false);
    expect(parseCheckpoint(JSON.stringify(checkpoint, null, 2))).toEqual(checkpoint);
    expect(await verify(checkpoint)).toMatchObject({ ok: true, events: trail.events });
  });

  it("rejects a checkpoint whose fields were changed after signing", async () => {
    for (const forged of [
      { ...checkpoint, seq: checkpoint.seq - 2 },
      { ...checkpoint, hash: "a".repeat(64) },
      { ...checkpoint, signature: "b".repeat(64) },
    ]) {
      expect(checkCheckpoint(key, forged)).toBe(false);
      expect(await verify(forged)).toEqual({
        ok: false,
        problem: {
          message:
            "the checkpoint's signature is not valid (the checkpoint was altered after it was taken)",
        },
      });
    }
  });

  it("rejects a checkpoint signed with another key", async () => {
    const foreign = await createCheckpoint(new PrismaTrailReader(db.prisma), otherKey);
    expect(await verify(foreign)).toEqual({
      ok: false,
      problem: {
        message: `the checkpoint was signed with another audit key (key id ${otherKey.id}, this key is ${key.id})`,
      },
    });
  });

  it("catches events cut off the end, which the chain alone cannot", async () => {
    const service = auditService(db.prisma);
    const request = await createNote(service, "To be erased");
    value(await service.approveRequest({ requestId: request.id, actorId: CHECKER }));
    const later = await createCheckpoint(new PrismaTrailReader(db.prisma), key);
    expect(later.seq).toBe(trail.events + 2);

    // An admin erases the whole request: its events and its row, leaving no orphan behind.
    const reports = await whileTampered(
      db,
      {
        events: `seq > ${trail.events}`,
        requests: `number = ${request.number}`,
        sql: [
          `DELETE FROM audit_events WHERE seq > ${trail.events}`,
          `DELETE FROM requests WHERE number = ${request.number}`,
        ],
      },
      async () => ({
        without: await verify(),
        with: await verify(later),
        older: await verify(checkpoint),
      }),
    );
    expect(reports.without).toMatchObject({ ok: true, events: trail.events });
    expect(reports.older).toMatchObject({ ok: true, events: trail.events });
    expect(reports.with).toEqual({
      ok: false,
      problem: {
        seq: trail.events + 1,
        message: `events after ${trail.events} were removed (the trail ends at ${trail.events}, the checkpoint at ${later.seq})`,
      },
    });
    // An older checkpoint still holds once the trail has grown past it.
    expect(await verify(checkpoint)).toMatchObject({ ok: true, events: later.seq });
  });

  it("catches a trail rewritten up to the checkpoint", async () => {
    // What a checkpoint of the same trail, rewritten and re-sealed by a key holder, would say.
    const fields = { ...checkpoint, seq: 5, hash: "c".repeat(64) };
    const rewritten = { ...fields, signature: signCheckpoint(key, fields) };
    const report = await verify(rewritten);
    expect(report).toMatchObject({ ok: false, problem: { seq: 5, requestNumber: trail.declined } });
    expect(!report.ok && report.problem.message).toMatch(
      /^event 5 \(REQUEST_CREATED on #2\): its hash [0-9a-f]{12}… differs from the one the checkpoint recorded, cccccccccccc… \(the trail up to the checkpoint was rewritten\)$/,
    );
  });

  it("parses only well-formed checkpoints, saying what is wrong", () => {
    const parse = (text: string) => () => parseCheckpoint(text);
    expect(parse("{not json")).toThrow(CheckpointError);
    expect(parse("{not json")).toThrow(/^The checkpoint is not JSON: /);
    expect(parse(JSON.stringify({ ...checkpoint, seq: -1, hash: "XYZ" }))).toThrow(
      "The checkpoint is not valid: seq: Too small: expected number to be >=0; hash: must be 64 lowercase hex digits",
    );
    expect(parse(JSON.stringify({ ...checkpoint, version: 2, extra: true }))).toThrow(
      /^The checkpoint is not valid: version: .*; \(the whole file\): Unrecognized key: "extra"$/,
    );
    expect(parse("[]")).toThrow(/^The checkpoint is not valid: \(the whole file\): /);
  });
});
