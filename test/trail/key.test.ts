import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditKeyFrom, loadAuditKey } from "../../src/trail/key.ts";

describe("audit key", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "four-eyes-key-"));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("uses AUDIT_KEY when set, and fingerprints it without revealing it", async () => {
    const loaded = await loadAuditKey("a".repeat(40), dir);
    expect(loaded.created).toBe(false);
    expect(loaded.generatedFile).toBeUndefined();
    expect(loaded.key.id).toMatch(/^[0-9a-f]{16}$/);
    expect(loaded.key.id).toBe(auditKeyFrom("a".repeat(40)).id);
    expect(loaded.key.id).not.toBe(auditKeyFrom("b".repeat(40)).id);
  });

  it("generates a key once into DATA_DIR, private to its owner, and reuses it", async () => {
    const first = await loadAuditKey(undefined, path.join(dir, "data"));
    expect(first.created).toBe(true);
    expect(first.generatedFile).toBe(path.join(dir, "data", "audit.key"));
    expect((await stat(first.generatedFile ?? "")).mode & 0o777).toBe(0o600);
    expect((await readFile(first.generatedFile ?? "", "utf8")).trim()).toMatch(/^[0-9a-f]{64}$/);

    const second = await loadAuditKey(undefined, path.join(dir, "data"));
    expect(second.created).toBe(false);
    expect(second.key.id).toBe(first.key.id);
  });

  it("with create: false, uses an existing key file but never makes one", async () => {
    const data = path.join(dir, "data");
    await expect(loadAuditKey(undefined, data, { create: false })).rejects.toThrow(
      `No audit key: AUDIT_KEY is not set and there is no key file at ${path.join(data, "audit.key")}.`,
    );
    await expect(stat(data)).rejects.toThrow(/ENOENT/);
    const generated = await loadAuditKey(undefined, data);
    const reused = await loadAuditKey(undefined, data, { create: false });
    expect(reused).toMatchObject({ created: false, key: { id: generated.key.id } });
  });

  it("refuses a key too short to be a secret", () => {
    expect(() => auditKeyFrom("short")).toThrow("AUDIT_KEY must be at least 32 bytes long");
  });
});
