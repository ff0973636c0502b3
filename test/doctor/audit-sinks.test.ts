import { randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkAuditSinks } from "../../src/doctor/audit-sinks.ts";
import { startAuditCollector } from "../support/sink-receiver.ts";

const SECRET = "d".repeat(32);
const NATS_URL = process.env.TEST_NATS_URL ?? "nats://127.0.0.1:4222";

describe("the doctor's audit sink checks", () => {
  let dir: string;
  let collector: Awaited<ReturnType<typeof startAuditCollector>>;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "four-eyes-doctor-sinks-"));
    collector = await startAuditCollector(SECRET);
  });
  afterAll(async () => {
    await collector.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("reports nothing when no sink is configured", async () => {
    expect(await checkAuditSinks({})).toEqual([]);
  });

  it("passes sinks it reaches: a signed empty POST, a writable directory, a stream it creates", async () => {
    const stream = `four_eyes_doctor_${randomUUID().slice(0, 8)}`;
    const results = await checkAuditSinks({
      AUDIT_SINK_HTTP_URL: collector.url,
      AUDIT_SINK_HTTP_SECRET: SECRET,
      AUDIT_SINK_FILE_DIR: path.join(dir, "audit"),
      AUDIT_SINK_NATS_URL: NATS_URL,
      AUDIT_SINK_NATS_SUBJECT: `four-eyes-doctor.${stream}`,
      AUDIT_SINK_NATS_STREAM: stream,
    });
    expect(results.map((result) => [result.status, result.title.split(":")[0]])).toEqual([
      ["ok", "Audit sink http"],
      ["ok", "Audit sink file"],
      ["ok", "Audit sink nats"],
    ]);
    expect(collector.requests.at(-1)).toMatchObject({ kind: "probe", seq: "" });
    const { connect } = await import("@nats-io/transport-node");
    const { jetstreamManager } = await import("@nats-io/jetstream");
    const nc = await connect({ servers: NATS_URL });
    await (await jetstreamManager(nc)).streams.delete(stream);
    await nc.close();
  });

  it("fails, with what to check, a collector that refuses the secret and a directory it cannot write", async () => {
    const file = path.join(dir, "a-file");
    await writeFile(file, "");
    const results = await checkAuditSinks({
      AUDIT_SINK_HTTP_URL: collector.url,
      AUDIT_SINK_HTTP_SECRET: "w".repeat(32),
      AUDIT_SINK_FILE_DIR: file,
    });
    expect(results.map((result) => result.status)).toEqual(["fail", "fail"]);
    expect(results[0]?.title).toContain("answered HTTP 401");
    expect(results[0]?.fix).toContain("AUDIT_SINK_HTTP_SECRET");
    expect(results[1]?.fix).toContain("AUDIT_SINK_FILE_DIR");
  });
});
