import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkActions } from "../../src/doctor/actions.ts";

const TWO_HOOKS = `actions:
  - id: refund
    title: Refund
    executor: { type: webhook, url: "https://billing.internal/refunds?token=abc", secret_env: REFUND_SECRET }
  - id: close-account
    title: Close an account
    executor: { type: webhook, url: http://127.0.0.1:8080/close, secret_env: CLOSE_SECRET }
`;

describe("checkActions", () => {
  let dir: string;
  const file = (name: string) => path.join(dir, name);
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "four-eyes-doctor-actions-"));
    await writeFile(file("two.yml"), TWO_HOOKS);
    await writeFile(
      file("broken.yml"),
      "actions:\n  - id: refund\n    title: Refund\n    approvals: many\n    executor: { type: webhook, url: ftp://x, secret_env: S }\n",
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("lists the enabled actions and the webhook targets of all of them", async () => {
    const check = await checkActions(
      { actionsFile: file("two.yml"), actionsFileRequired: true },
      { REFUND_SECRET: "refund-secret", CLOSE_SECRET: "close-secret" },
    );
    expect(check.results).toEqual([
      {
        status: "ok",
        title: `Actions: ${file("two.yml")} is valid; enabled: post-note, refund, close-account`,
      },
    ]);
    expect(check.webhooks).toEqual([
      {
        actionId: "refund",
        url: "https://billing.internal/refunds?token=abc",
        secretEnv: "REFUND_SECRET",
      },
      { actionId: "close-account", url: "http://127.0.0.1:8080/close", secretEnv: "CLOSE_SECRET" },
    ]);
  });

  it("warns about each action disabled for want of its secret, naming the variable", async () => {
    const check = await checkActions(
      { actionsFile: file("two.yml"), actionsFileRequired: true },
      { CLOSE_SECRET: "close-secret", REFUND_SECRET: "  " },
    );
    expect(check.results.slice(1)).toEqual([
      {
        status: "warn",
        title: 'Action "refund" is disabled: REFUND_SECRET is not set',
        fix: expect.stringMatching(/^Set REFUND_SECRET to the secret/),
      },
    ]);
    expect(check.webhooks).toHaveLength(2);
  });

  it("reports a broken file as start-up does, every problem with its line", async () => {
    const check = await checkActions(
      { actionsFile: file("broken.yml"), actionsFileRequired: true },
      {},
    );
    expect(check.results).toEqual([
      {
        status: "fail",
        title: `Actions: ACTIONS_FILE ${file("broken.yml")} is invalid (2 problems)`,
        detail: [
          `${file("broken.yml")}:4: action "refund": approvals: must be a number (got "many")`,
          `${file("broken.yml")}:5: action "refund": executor.url: must be an http:// or https:// URL`,
        ].join("\n"),
        fix: expect.stringMatching(/^Correct .*broken\.yml at the lines named above/),
      },
    ]);
    expect(check.webhooks).toEqual([]);
  });

  it("warns about a pattern that only ever accepts its own text, and not about others", async () => {
    await writeFile(
      file("patterns.yml"),
      `actions:
  - id: refund
    title: Refund
    params:
      - { name: invoice_id, label: Invoice ID, type: text, pattern: "^in_$" }
      - { name: order_id, label: Order ID, type: text, pattern: "^or_" }
      - { name: code, label: Code, type: text, pattern: "^[A-Z]{3}$" }
      - { name: country, label: Country, type: text, pattern: "^GB$" }
    executor: { type: webhook, url: https://billing.internal/refunds, secret_env: REFUND_SECRET }
`,
    );
    const check = await checkActions(
      { actionsFile: file("patterns.yml"), actionsFileRequired: true },
      { REFUND_SECRET: "refund-secret" },
    );
    expect(check.results.slice(1)).toEqual([
      {
        status: "warn",
        title:
          'Action "refund", param invoice_id: pattern "^in_$" accepts only the exact text "in_"',
        fix: 'A pattern is searched for in the value: write "^in_" for "starts with in_", or use a select if "in_" is the only value allowed.',
      },
      {
        status: "warn",
        title: 'Action "refund", param country: pattern "^GB$" accepts only the exact text "GB"',
        fix: expect.stringContaining('"^GB"'),
      },
    ]);
  });

  it("reports a YAML syntax error with its line", async () => {
    const check = await checkActions(
      { actionsFile: "test/fixtures/actions/syntax-error.yml", actionsFileRequired: true },
      {},
    );
    expect(check.results[0]?.detail).toMatch(
      /^test\/fixtures\/actions\/syntax-error.yml:\d+: YAML syntax error: /,
    );
  });

  it("accepts a missing default file, and explains a missing required one", async () => {
    const optional = await checkActions(
      { actionsFile: file("absent.yml"), actionsFileRequired: false },
      {},
    );
    expect(optional.results).toEqual([
      {
        status: "ok",
        title: `Actions: no ${file("absent.yml")} (it is optional); enabled: post-note`,
      },
    ]);
    const required = await checkActions(
      { actionsFile: file("absent.yml"), actionsFileRequired: true },
      {},
    );
    expect(required.results).toEqual([
      {
        status: "fail",
        title: `Actions: ACTIONS_FILE ${file("absent.yml")} does not exist`,
        fix: expect.stringMatching(/point ACTIONS_FILE at the file you meant/),
      },
    ]);
  });
});
