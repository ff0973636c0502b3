import { describe, expect, it } from "vitest";
import { loadEngineConfig } from "../../src/config/engine-config.ts";

describe("loadEngineConfig", () => {
  it("defaults to the embedded database and the optional ./actions.yml", () => {
    expect(loadEngineConfig({})).toEqual({
      databaseUrl: undefined,
      dataDir: "./data",
      actionsFile: "./actions.yml",
      actionsFileRequired: false,
      auditKey: undefined,
      environments: ["production", "staging"],
    });
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
