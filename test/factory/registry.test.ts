import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { builtinActions } from "../../src/actions/index.ts";
import { ConfigError } from "../../src/core/errors.ts";
import { defineAction } from "../../src/factory/define-action.ts";
import { ActionRegistry, loadActionRegistry } from "../../src/factory/registry.ts";

const SECRETS = { BILLING_WEBHOOK_SECRET: "b", TRIAL_WEBHOOK_SECRET: "t" };

function moduleAction(id: string) {
  return defineAction({ id, title: id, execute: async () => ({ ok: true, result: null }) });
}

describe("loadActionRegistry", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "registry-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("merges the built-in modules with the actions file", async () => {
    const registry = await loadActionRegistry({
      actionsFile: "actions.yml",
      env: SECRETS,
      modules: builtinActions,
    });
    expect(registry.list().map((action) => [action.id, action.source])).toEqual([
      ["post-note", "module"],
      ["billing-waiver", "actions-file"],
      ["extend-trial", "actions-file"],
      ["workflow-approval", "actions-file"],
    ]);
    expect(registry.get("billing-waiver")?.title).toBe("Billing waiver");
    expect(registry.get("nope")).toBeUndefined();
  });

  it("leaves out, and lists as unavailable, webhook actions whose secrets are not set", async () => {
    const registry = await loadActionRegistry({
      actionsFile: "actions.yml",
      env: { TRIAL_WEBHOOK_SECRET: "t" },
      modules: builtinActions,
    });
    expect(registry.list().map((action) => action.id)).toEqual([
      "post-note",
      "extend-trial",
      "workflow-approval",
    ]);
    expect(registry.get("billing-waiver")).toBeUndefined();
    expect(registry.unavailable()).toEqual([
      {
        id: "billing-waiver",
        title: "Billing waiver",
        reason: "set BILLING_WEBHOOK_SECRET to enable it (its webhook requests must be signed)",
      },
    ]);
    expect(registry.require("billing-waiver")).toEqual({
      ok: false,
      refusal: {
        code: "ACTION.UNAVAILABLE",
        message:
          '"Billing waiver" is not available right now: its webhook secret is not configured. Ask the team that runs the bot.',
      },
    });
  });

  it("uses only modules when the default file is absent", async () => {
    const registry = await loadActionRegistry({
      actionsFile: join(dir, "actions.yml"),
      actionsFileRequired: false,
      env: {},
      modules: builtinActions,
    });
    expect(registry.list().map((action) => action.id)).toEqual(["post-note"]);
    expect(registry.unavailable()).toEqual([]);
  });

  it("fails when a required file is absent", async () => {
    await expect(
      loadActionRegistry({
        actionsFile: "./x.yml",
        actionsFileRequired: true,
        env: {},
        modules: builtinActions,
      }),
    ).rejects.toThrow(new ConfigError("ACTIONS_FILE ./x.yml does not exist"));
  });

  it("names both sources of an id defined twice", async () => {
    const path = join(dir, "actions.yml");
    await writeFile(
      path,
      "actions:\n  - id: post-note\n    title: Clash\n    executor: { type: webhook, url: https://x.internal, secret_env: S }\n",
    );
    const error = await loadActionRegistry({
      actionsFile: path,
      env: { S: "x" },
      modules: builtinActions,
    }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(
      `Action id "post-note" is defined twice: by a TypeScript module (src/actions) and by ACTIONS_FILE ${path}. Rename one of them.`,
    );
  });

  it("names both sources even when the file's action is unavailable", async () => {
    const path = join(dir, "actions.yml");
    await writeFile(
      path,
      "actions:\n  - id: post-note\n    title: Clash\n    executor: { type: webhook, url: https://x.internal, secret_env: UNSET }\n",
    );
    await expect(
      loadActionRegistry({ actionsFile: path, env: {}, modules: builtinActions }),
    ).rejects.toThrow(
      new ConfigError(
        `Action id "post-note" is defined twice: by a TypeScript module (src/actions) and by ACTIONS_FILE ${path}. Rename one of them.`,
      ),
    );
  });

  it("takes the modules it is given", async () => {
    const registry = await loadActionRegistry({ env: {}, modules: [moduleAction("only-me")] });
    expect(registry.list().map((action) => action.id)).toEqual(["only-me"]);
  });
});

describe("ActionRegistry", () => {
  it("rejects two modules with the same id", () => {
    expect(() => new ActionRegistry([moduleAction("twice"), moduleAction("twice")])).toThrow(
      'Action id "twice" is defined twice by a TypeScript module. Rename one of them.',
    );
  });

  it("require refuses an unknown id and lists the known ones", () => {
    const registry = new ActionRegistry([moduleAction("zeta-task"), moduleAction("alpha-task")]);
    expect(registry.require("alpha-task")).toMatchObject({ ok: true, value: { id: "alpha-task" } });
    expect(registry.require("beta-task")).toEqual({
      ok: false,
      refusal: {
        code: "ACTION.UNKNOWN",
        message: 'There is no action "beta-task". Known actions: alpha-task, zeta-task.',
      },
    });
  });

  it("require refuses an unavailable id by its title, and leaves it out of the known ones", () => {
    const registry = new ActionRegistry([moduleAction("alpha-task")], undefined, [
      { id: "refund-order", title: "Refund an order", reason: "set REFUND_SECRET to enable it" },
    ]);
    expect(registry.list().map((action) => action.id)).toEqual(["alpha-task"]);
    expect(registry.require("refund-order")).toEqual({
      ok: false,
      refusal: {
        code: "ACTION.UNAVAILABLE",
        message:
          '"Refund an order" is not available right now: its webhook secret is not configured. Ask the team that runs the bot.',
      },
    });
    expect(registry.require("beta-task")).toMatchObject({
      refusal: { message: 'There is no action "beta-task". Known actions: alpha-task.' },
    });
  });

  it("rejects a module whose id an unavailable action already has", () => {
    expect(
      () =>
        new ActionRegistry([moduleAction("refund-order")], undefined, [
          { id: "refund-order", title: "Refund", reason: "set REFUND_SECRET to enable it" },
        ]),
    ).toThrow(
      'Action id "refund-order" is defined twice: by a TypeScript module and by the actions file. Rename one of them.',
    );
  });

  it("require says when nothing is configured", () => {
    expect(new ActionRegistry([]).require("anything")).toEqual({
      ok: false,
      refusal: {
        code: "ACTION.UNKNOWN",
        message: 'There is no action "anything". No actions are configured.',
      },
    });
  });
});
