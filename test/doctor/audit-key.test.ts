import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.ts";
import { checkAuditKey } from "../../src/doctor/audit-key.ts";
import { auditKeyFrom } from "../../src/trail/key.ts";
import { AUDIT_KEY, auditService, createNote } from "../audit/trail.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";

const OTHER_KEY = "y".repeat(40);
const id = auditKeyFrom(AUDIT_KEY).id;
const otherId = auditKeyFrom(OTHER_KEY).id;

describe("checkAuditKey", () => {
  let dir: string;
  let database: TestDatabase;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "four-eyes-doctor-key-"));
    database = await createTestDatabase("pglite");
  });
  afterAll(async () => {
    await database?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  /** Every result, checked for the secret: only the key's id may show. */
  async function check(
    auditKey: string | undefined,
    dataDir = dir,
    db: Database | undefined = database,
  ) {
    const result = await checkAuditKey(
      { auditKey, dataDir },
      db,
      "the database could not be opened",
    );
    expect(JSON.stringify(result)).not.toContain(AUDIT_KEY);
    expect(JSON.stringify(result)).not.toContain(OTHER_KEY);
    return result;
  }

  it("is happy with any key while the trail is empty, and warns when there is none", async () => {
    expect(await check(AUDIT_KEY)).toEqual({
      status: "ok",
      title: `Audit key: AUDIT_KEY (key id ${id}), the audit trail is still empty`,
    });
    expect(await check(undefined)).toMatchObject({
      status: "warn",
      title: `Audit key: AUDIT_KEY is not set; npm start will generate one in ${path.join(dir, "audit.key")}`,
      fix: expect.stringMatching(/^For production set AUDIT_KEY \(openssl rand -hex 32\)/),
    });
    expect(await readdir(dir)).toEqual([]);
  });

  describe("once the trail has events", () => {
    beforeAll(async () => {
      await createNote(auditService(database.prisma), "first");
    });

    it("passes the key that sealed them", async () => {
      expect(await check(AUDIT_KEY)).toEqual({
        status: "ok",
        title: `Audit key: AUDIT_KEY (key id ${id}), matches the audit trail (1 event)`,
      });
    });

    it("fails another key, as start-up would", async () => {
      expect(await check(OTHER_KEY)).toEqual({
        status: "fail",
        title: `Audit key: The audit trail was sealed with another key (key id ${id}, event 1) than AUDIT_KEY (key id ${otherId})`,
        fix: "Set AUDIT_KEY to the key the trail was written with, the same on every replica.",
      });
    });

    it("fails when there is no key at all", async () => {
      expect(await check(undefined)).toMatchObject({
        status: "fail",
        title: expect.stringMatching(
          new RegExp(
            `^Audit key: AUDIT_KEY is not set and there is no key file at .*, but the audit trail holds 1 event sealed with key id ${id}$`,
          ),
        ),
      });
      expect(await readdir(dir)).toEqual([]);
    });

    it("warns about a generated key file, however well it matches", async () => {
      const generated = await mkdtemp(path.join(dir, "generated-"));
      await writeFile(path.join(generated, "audit.key"), `${AUDIT_KEY}\n`);
      expect(await check(undefined, generated)).toEqual({
        status: "warn",
        title: `Audit key: the generated key in ${path.join(generated, "audit.key")} (key id ${id}), matches the audit trail (1 event)`,
        fix: expect.stringMatching(
          /^Back the file up, and before running in production set AUDIT_KEY/,
        ),
      });
    });
  });

  it("says when the trail could not be compared", async () => {
    const result = await checkAuditKey(
      { auditKey: AUDIT_KEY, dataDir: dir },
      undefined,
      "the database could not be opened",
    );
    expect(result).toEqual({
      status: "ok",
      title: `Audit key: AUDIT_KEY (key id ${id}), not compared with the audit trail: the database could not be opened`,
    });
  });
});
