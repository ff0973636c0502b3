import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/core/errors.ts";
import { type ActionModule, defineAction } from "../../src/factory/define-action.ts";
import { buildParamsSchema, parseActionParams } from "../../src/factory/params.ts";
import { executionContext } from "./execution-context.ts";

const minimal: ActionModule = {
  id: "rotate-key",
  title: "Rotate an API key",
  execute: async () => ({ ok: true, result: "rotated" }),
};

function definitionError(module: ActionModule): string {
  try {
    defineAction(module);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error("expected a ConfigError");
}

describe("defineAction", () => {
  it("fills in the defaults", async () => {
    const action = defineAction(minimal);
    expect(action).toMatchObject({
      id: "rotate-key",
      title: "Rotate an API key",
      description: "",
      source: "module",
      environments: [],
      approvals: 1,
      checkers: [],
      makers: [],
      params: [],
      idempotent: false,
    });
    expect(await action.execute(executionContext())).toEqual({ ok: true, result: "rotated" });
  });

  it("fills param defaults and derives the schema from params", () => {
    const action = defineAction({
      ...minimal,
      params: [{ name: "key_id", label: "Key ID", type: "text", required: true }],
    });
    expect(action.params).toEqual([
      { name: "key_id", label: "Key ID", type: "text", required: true, sensitive: false },
    ]);
    expect(parseActionParams(action, {})).toEqual({
      ok: false,
      errors: { key_id: "Key ID is required" },
    });
  });

  it("keeps a schema the module gives", () => {
    const schema = buildParamsSchema([]).transform(() => ({ fixed: true }));
    const action = defineAction({ ...minimal, schema, idempotent: true });
    expect(action.idempotent).toBe(true);
    expect(parseActionParams(action, { anything: 1 })).toEqual({
      ok: true,
      value: { fixed: true },
    });
  });

  it("rejects a bad declaration with every problem listed", () => {
    const message = definitionError({
      ...minimal,
      id: "Rotate Key",
      approvals: 0,
      checkers: ["alice"],
      params: [
        { name: "size", label: "Size", type: "select" },
        { name: "size", label: "Size again", type: "number", min: 5, max: 1 },
      ],
    });
    expect(message.split("\n")).toEqual([
      'Action module "Rotate Key" is invalid:',
      "  id: must be kebab-case (a-z, 0-9 and -, starting with a letter), 2 to 63 characters",
      "  approvals: must be at least 1",
      "  checkers[0]: must be a Slack user ID (U…/W…) or user group ID (S…)",
      "  params[0].options: is required for a select",
      "  params[1].min: must not be greater than max (1)",
      '  params[1].name: name "size" is already used by param #1',
    ]);
  });

  it("rejects keys an action does not have", () => {
    const withTypo = { ...minimal, aprovals: 2 } as ActionModule;
    expect(definitionError(withTypo)).toContain('aprovals: unknown key "aprovals"');
  });
});
