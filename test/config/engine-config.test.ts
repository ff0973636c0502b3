import { describe, expect, it } from "vitest";
import { loadEngineConfig } from "../../src/config/engine-config.ts";

describe("loadEngineConfig", () => {
  it("defaults to the embedded database and the optional ./actions.yml", () => {
    expect(loadEngineConfig({})).toEqual({
      databaseUrl: undefined,
      dataDir: "./data",
      migrateOnStart: true,
      actionsFile: "./actions.yml",
      actionsFileRequired: false,
      auditKey: undefined,
      environments: ["production", "staging"],
      schedule: {
        cron: "*/5 * * * *",
        staleAfterMs: 4 * 3_600_000,
        maxReminders: 3,
        expireAfterMs: 7 * 86_400_000,
      },
      limits: {
        maxCheckers: 10,
        requestRate: { count: 20, windowMs: 10 * 60_000 },
        clickRate: { count: 30, windowMs: 10_000 },
      },
    });
  });

  it("reads reminder settings as durations and a cron expression", () => {
    const config = loadEngineConfig({
      REMINDER_CRON: "*/1 * * * *",
      STALE_AFTER: "30m",
      MAX_REMINDERS: "0",
      EXPIRE_AFTER: "2d",
    });
    expect(config.schedule).toEqual({
      cron: "*/1 * * * *",
      staleAfterMs: 30 * 60_000,
      maxReminders: 0,
      expireAfterMs: 2 * 86_400_000,
    });
  });

  it("stops on a bad duration, cron expression or count, saying what is expected", () => {
    expect(() =>
      loadEngineConfig({
        STALE_AFTER: "4 hours",
        EXPIRE_AFTER: "0d",
        REMINDER_CRON: "every five minutes",
        MAX_REMINDERS: "-1",
      }),
    ).toThrow(
      [
        "The configuration is invalid:",
        '  REMINDER_CRON: must be a cron expression, like "*/5 * * * *" (every 5 minutes)',
        "  STALE_AFTER: must be a duration like 30m, 4h or 7d (a whole number, then m, h or d)",
        "  MAX_REMINDERS: must be a whole number from 0 to 99",
        "  EXPIRE_AFTER: must be a duration like 30m, 4h or 7d (a whole number, then m, h or d)",
      ].join("\n"),
    );
  });

  it("reads INSTANCE_ID trimmed, blank as unset, and refuses one too long to be a name", () => {
    expect(loadEngineConfig({ INSTANCE_ID: " four-eyes-0 " }).instanceId).toBe("four-eyes-0");
    expect(loadEngineConfig({ INSTANCE_ID: "  " }).instanceId).toBeUndefined();
    expect(() => loadEngineConfig({ INSTANCE_ID: "x".repeat(201) })).toThrow(
      "  INSTANCE_ID: must be at most 200 characters",
    );
  });

  it("reads MIGRATE_ON_START as true, false, 1 or 0; blank or unset migrates", () => {
    const migrate = (value: string | undefined) =>
      loadEngineConfig({ MIGRATE_ON_START: value }).migrateOnStart;
    expect(migrate(undefined)).toBe(true);
    expect(migrate("  ")).toBe(true);
    expect(migrate("true")).toBe(true);
    expect(migrate(" TRUE ")).toBe(true);
    expect(migrate("1")).toBe(true);
    expect(migrate("false")).toBe(false);
    expect(migrate("False")).toBe(false);
    expect(migrate("0")).toBe(false);
  });

  it("refuses a MIGRATE_ON_START it cannot read rather than guessing", () => {
    for (const value of ["no", "off", "yes", "2", "falsey"]) {
      expect(() => loadEngineConfig({ MIGRATE_ON_START: value })).toThrow(
        "The configuration is invalid:\n  MIGRATE_ON_START: must be true, false, 1 or 0",
      );
    }
  });

  it("treats blank values as unset and an explicit ACTIONS_FILE as required", () => {
    const config = loadEngineConfig({
      DATABASE_URL: "  ",
      ACTIONS_FILE: "ops.yml",
      ENVIRONMENTS: " prod , dev ,,",
    });
    expect(config).toMatchObject({
      databaseUrl: undefined,
      actionsFile: "ops.yml",
      actionsFileRequired: true,
    });
    expect(config.environments).toEqual(["prod", "dev"]);
  });

  it("lists every problem at once, naming variables and never their values", () => {
    const secret = "short-secret";
    const error = (() => {
      try {
        loadEngineConfig({ DATABASE_URL: "mysql://root:pw@db/x", AUDIT_KEY: secret });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toBe(
      [
        "The configuration is invalid:",
        "  DATABASE_URL: must be a postgres:// or postgresql:// URL (leave it unset for the embedded database)",
        "  AUDIT_KEY: must be at least 32 bytes long (generate one with: openssl rand -hex 32)",
      ].join("\n"),
    );
    expect(error?.message).not.toContain(secret);
    expect(error?.message).not.toContain("root:pw");
  });
});
