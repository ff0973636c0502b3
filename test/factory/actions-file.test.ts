import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/core/errors.ts";
import { loadActionsFile, parseActionsFile } from "../../src/factory/actions-file.ts";
import { parseActionParams } from "../../src/factory/params.ts";

const FIXTURES = "test/fixtures/actions";
const SECRETS = { BILLING_WEBHOOK_SECRET: "billing-secret", TRIAL_WEBHOOK_SECRET: "trial-secret" };

/** The ConfigError's message, failing the test if loading did not throw one. */
async function loadError(path: string, env: Record<string, string> = {}): Promise<string> {
  const error = await loadActionsFile(path, env).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).message;
}

function parseError(yaml: string, env: Record<string, string> = {}): string {
  try {
    parseActionsFile(yaml, "inline.yml", env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error("expected a ConfigError");
}

describe("the shipped actions.yml", () => {
  it("loads both examples with their secrets set", async () => {
    const { actions, unavailable } = await loadActionsFile("actions.yml", SECRETS);
    expect(unavailable).toEqual([]);
    expect(actions.map((action) => [action.id, action.approvals, action.source])).toEqual([
      ["billing-waiver", 1, "actions-file"],
      ["extend-trial", 2, "actions-file"],
      ["workflow-approval", 1, "actions-file"],
    ]);
    const [waiver, trial] = actions;
    expect(waiver).toMatchObject({
      title: "Billing waiver",
      description: "Waive a customer's invoice",
      environments: ["production", "staging"],
      // The shipped example leaves its allow-lists commented out, so a new user can try it.
      checkers: [],
      makers: [],
      idempotent: true,
    });
    expect(waiver?.params.map((param) => [param.name, param.type, param.required])).toEqual([
      ["invoice_id", "text", true],
      ["amount", "number", false],
      ["reason_code", "select", false],
      ["card_last4", "text", false],
    ]);
    expect(waiver?.params[3]?.sensitive).toBe(true);
    expect(trial?.params.map((param) => param.type)).toEqual(["email", "integer", "date", "user"]);
    expect(trial?.makers).toEqual([]);
  });

  it("builds forms that validate what makers submit", async () => {
    const {
      actions: [waiver, trial],
    } = await loadActionsFile("actions.yml", SECRETS);
    if (waiver === undefined || trial === undefined) throw new Error("examples missing");
    expect(
      parseActionParams(waiver, { invoice_id: "in_1Mt", amount: "250", reason_code: "outage" }),
    ).toEqual({
      ok: true,
      value: { invoice_id: "in_1Mt", amount: 250, reason_code: "outage" },
    });
    expect(parseActionParams(waiver, { invoice_id: "ch_1", amount: "10001" })).toEqual({
      ok: false,
      errors: {
        invoice_id: "Invoice ID should start with in_, then letters and digits (like in_1Mt)",
        amount: "Amount (USD) must be at most 10000",
      },
    });
    expect(
      parseActionParams(trial, { account_email: "owner@customer.com", extra_days: "91" }),
    ).toEqual({
      ok: false,
      errors: { extra_days: "Extra days must be at most 90" },
    });
  });

  it("an approval-only action needs no secret, and its run does nothing", async () => {
    const { actions } = await loadActionsFile("actions.yml", {});
    expect(actions.map((action) => action.id)).toEqual(["workflow-approval"]);
    const [approvalOnly] = actions;
    expect(approvalOnly).toMatchObject({
      environments: ["workflow"],
      params: [],
      idempotent: true,
    });
    const run = approvalOnly?.execute({} as Parameters<typeof approvalOnly.execute>[0]);
    await expect(run).resolves.toEqual({ ok: true, result: null });
  });

  it("leaves out both webhook actions, rather than failing, while their secrets are not set", async () => {
    const { actions: _approvalOnly, ...rest } = await loadActionsFile("actions.yml", {});
    expect(rest).toEqual({
      unavailable: [
        {
          id: "billing-waiver",
          title: "Billing waiver",
          reason: "set BILLING_WEBHOOK_SECRET to enable it (its webhook requests must be signed)",
        },
        {
          id: "extend-trial",
          title: "Extend a trial",
          reason: "set TRIAL_WEBHOOK_SECRET to enable it (its webhook requests must be signed)",
        },
      ],
      secretVariables: ["BILLING_WEBHOOK_SECRET", "TRIAL_WEBHOOK_SECRET"],
      warnings: [],
    });
  });
});

describe("plain http webhooks", () => {
  const file = (url: string, extra = "") =>
    [
      "actions:",
      "  - id: close-account",
      "    title: Close account",
      `    executor: { type: webhook, url: "${url}", secret_env: CLOSE_SECRET${extra} }`,
    ].join("\n");
  const env = { CLOSE_SECRET: "s" };

  it("are refused for another machine, naming the action and both fixes", () => {
    expect(parseError(file("http://billing.internal/close"), env).split("\n")).toEqual([
      "ACTIONS_FILE inline.yml is invalid (1 problem):",
      '  inline.yml:4: action "close-account": executor.url: must be https:// for a host other than this machine (localhost, 127.0.0.1, ::1): over plain http the request and its signature travel unencrypted. Use https://, or add allow_insecure_http: true to this executor to accept that',
    ]);
    // An address on the network is another machine too, whatever it looks like.
    for (const url of [
      "http://10.0.0.7:8080/x",
      "http://[fe80::1]/x",
      "http://127.example.com/x",
    ]) {
      expect(parseError(file(url), env)).toContain("executor.url: must be https://");
    }
  });

  it("are accepted on this machine, without a warning", () => {
    for (const url of [
      "http://localhost:8080/x",
      "http://127.0.0.1:9/x",
      "http://127.1.2.3/x",
      "http://[::1]:8080/x",
    ]) {
      const { actions, warnings } = parseActionsFile(file(url), "inline.yml", env);
      expect(actions.map((action) => action.id)).toEqual(["close-account"]);
      expect(warnings).toEqual([]);
    }
  });

  it("are accepted with allow_insecure_http: true, and warned about at start-up", () => {
    const { actions, warnings } = parseActionsFile(
      file("http://billing.internal/close?token=abc", ", allow_insecure_http: true"),
      "inline.yml",
      env,
    );
    expect(actions.map((action) => action.id)).toEqual(["close-account"]);
    // The origin only: a path or query may carry a token.
    expect(warnings).toEqual([
      'Action "close-account" sends its requests to http://billing.internal over plain http (allow_insecure_http: true): its parameters and signatures travel unencrypted.',
    ]);
  });

  it("say what allow_insecure_http accepts", () => {
    expect(parseError(file("https://x.internal/x", ", allow_insecure_http: yes"), env)).toContain(
      'inline.yml:4: action "close-account": executor.allow_insecure_http: must be true or false (got "yes")',
    );
  });
});

describe("mistakes in an actions file", () => {
  it("lists every mistake with file, line, action and field, top to bottom", async () => {
    const file = `${FIXTURES}/mistakes.yml`;
    const message = await loadError(file);
    expect(message.split("\n")).toEqual([
      `ACTIONS_FILE ${file} is invalid (11 problems):`,
      `  ${file}:5: action "refund-order": approvals: must be at most 10`,
      `  ${file}:6: action "refund-order": checkers[1]: must be a Slack user ID (U…/W…) or user group ID (S…)`,
      `  ${file}:8: action "refund-order": params[0].pattern: is not a valid regular expression (Unterminated group)`,
      `  ${file}:9: action "refund-order": params[1].min: must not be greater than max (10)`,
      `  ${file}:10: action "refund-order": params[2].options: is required for a select`,
      `  ${file}:11: action "refund-order": params[3].name: must start with a-z and use only a-z, 0-9 and _`,
      `  ${file}:11: action "refund-order": params[3].type: must be one of text, textarea, number, integer, boolean, select, user, date, url, email`,
      `  ${file}:14: action "refund-order": executor.url: must be an http:// or https:// URL`,
      `  ${file}:15: action "refund-order": executor.secret_env: must be the name of an environment variable, like BILLING_WEBHOOK_SECRET`,
      `  ${file}:16: action "refund-order": executor.timeout_ms: must be at least 100`,
      // Its secret is not set either; that is not the file's fault, so it is not listed.
      `  ${file}:17: action #2 (no id): id: is required`,
    ]);
  });

  it("reports a YAML syntax error with file and line", async () => {
    const file = `${FIXTURES}/syntax-error.yml`;
    const message = await loadError(file, { S: "x" });
    expect(message).toMatch(
      new RegExp(
        `^ACTIONS_FILE ${file} is invalid \\(1 problem\\):\\n  ${file}:5: YAML syntax error: Flow sequence`,
      ),
    );
  });

  it("reports a duplicate id even when the file has other mistakes", async () => {
    const file = `${FIXTURES}/duplicate-ids.yml`;
    const message = await loadError(file, { S: "x" });
    expect(message.split("\n").slice(1)).toEqual([
      `  ${file}:8: action "same-id": title: is required`,
      `  ${file}:8: action "same-id": id: id "same-id" is already used by action #1`,
      `  ${file}:9: action "same-id": approvals: must be a whole number`,
    ]);
  });

  it("names unknown keys and the keys that are allowed", async () => {
    const file = `${FIXTURES}/unknown-keys.yml`;
    const message = await loadError(file, { S: "x" });
    expect(message.split("\n").slice(1)).toEqual([
      `  ${file}:4: action "with-extras": retries: unknown key "retries" (allowed: id, title, description, environments, approvals, checkers, makers, params, stale_after, expire_after, escalate_to, rules, break_glass, summary, outcome, system, executor)`,
      `  ${file}:6: action "with-extras": params[0].default: unknown key "default" (allowed: name, label, type, required, hint, placeholder, sensitive, pattern, min, max, options, warning, currency)`,
      `  ${file}:11: action "with-extras": executor.timeout: unknown key "timeout" (allowed: type, url, secret_env, timeout_ms, allow_insecure_http)`,
    ]);
  });

  it("still rejects a secret_env that is not a variable name, even when it is set", () => {
    const message = parseError(
      [
        "actions:",
        "  - id: signed-hook",
        "    title: Signed hook",
        "    executor: { type: webhook, url: https://x.internal, secret_env: S }",
        "  - id: dollar-hook",
        "    title: Dollar hook",
        "    executor: { type: webhook, url: https://x.internal, secret_env: $HOOK_SECRET }",
      ].join("\n"),
      { S: "x", $HOOK_SECRET: "y" },
    );
    expect(message).toBe(
      [
        "ACTIONS_FILE inline.yml is invalid (1 problem):",
        '  inline.yml:7: action "dollar-hook": executor.secret_env: must be the name of an environment variable, like BILLING_WEBHOOK_SECRET',
      ].join("\n"),
    );
  });

  it("reads per-action reminder settings and rejects bad durations and targets", () => {
    const hook = "executor: { type: webhook, url: https://x.internal, secret_env: S }";
    const good = parseActionsFile(
      [
        "actions:",
        "  - id: quick",
        "    title: Quick",
        "    stale_after: 30m",
        "    expire_after: 1d",
        "    escalate_to: S0LEADS",
        `    ${hook}`,
      ].join("\n"),
      "inline.yml",
      { S: "x" },
    );
    expect(good.actions[0]).toMatchObject({
      staleAfterMs: 30 * 60_000,
      expireAfterMs: 86_400_000,
      escalateTo: "S0LEADS",
    });
    const message = parseError(
      [
        "actions:",
        "  - id: broken",
        "    title: Broken",
        "    stale_after: 4 hours",
        "    expire_after: 7",
        "    escalate_to: '#ops'",
        `    ${hook}`,
      ].join("\n"),
      { S: "x" },
    );
    expect(message).toBe(
      [
        "ACTIONS_FILE inline.yml is invalid (3 problems):",
        '  inline.yml:4: action "broken": stale_after: must be a duration like 30m, 4h or 7d (a whole number, then m, h or d)',
        '  inline.yml:5: action "broken": expire_after: must be a duration like 30m, 4h or 7d (a whole number, then m, h or d)',
        '  inline.yml:6: action "broken": escalate_to: must be a Slack user ID (U…/W…), user group ID (S…) or channel ID (C…/G…)',
      ].join("\n"),
    );
  });

  it("reads rules per environment and names a rule for an environment the action lacks", () => {
    const hook = "executor: { type: webhook, url: https://x.internal, secret_env: S }";
    const good = parseActionsFile(
      [
        "actions:",
        "  - id: restart",
        "    title: Restart",
        "    environments: [production, staging]",
        "    break_glass: true",
        "    rules:",
        "      production: { approvals: 2, checkers: [S0SRE], expire_after: 1h, warning: Live }",
        "      staging: { approvals: 1 }",
        `    ${hook}`,
      ].join("\n"),
      "inline.yml",
      { S: "x" },
    );
    expect(good.actions[0]).toMatchObject({
      breakGlass: true,
      rules: {
        production: {
          approvals: 2,
          checkers: ["S0SRE"],
          expireAfterMs: 3_600_000,
          warning: "Live",
        },
        staging: { approvals: 1 },
      },
    });
    const message = parseError(
      [
        "actions:",
        "  - id: restart",
        "    title: Restart",
        "    environments: [production]",
        "    rules:",
        "      prod: { approvals: 1 }",
        "      production: { approvals: 3, checkers: [U0ANN, U0BOB], retries: 2 }",
        `    ${hook}`,
      ].join("\n"),
      { S: "x" },
    );
    expect(message).toBe(
      [
        "ACTIONS_FILE inline.yml is invalid (3 problems):",
        '  inline.yml:6: action "restart": rules.prod: "prod" is not one of this action\'s environments (production)',
        '  inline.yml:7: action "restart": rules.production.retries: unknown key "retries" (allowed: approvals, checkers, stale_after, expire_after, warning, label)',
        '  inline.yml:7: action "restart": rules.production.approvals: needs 3 distinct checkers but checkers lists only 2',
      ].join("\n"),
    );
  });

  it("checks duplicate param names, option lists and reachable approvals", () => {
    const message = parseError(
      [
        "actions:",
        "  - id: pick-one",
        "    title: Pick one",
        "    approvals: 2",
        "    checkers: [U0123ABC]",
        "    params:",
        "      - { name: choice, label: Choice, type: select, options: [a, b, a] }",
        "      - { name: choice, label: Again, type: text, options: [x] }",
        "      - { name: size, type: integer, min: 9, max: 1 }",
        "    executor: { type: hook, url: https://x.internal, secret_env: S }",
      ].join("\n"),
      { S: "x" },
    );
    expect(message.split("\n").slice(1)).toEqual([
      '  inline.yml:7: action "pick-one": params[0].options[2]: "a" is listed twice',
      '  inline.yml:8: action "pick-one": params[1].options: only applies to a select',
      '  inline.yml:8: action "pick-one": params[1].name: name "choice" is already used by param #1',
      '  inline.yml:9: action "pick-one": params[2].label: is required',
      '  inline.yml:9: action "pick-one": params[2].min: must not be greater than max (1)',
      '  inline.yml:10: action "pick-one": executor.type: must be "webhook" (a signed HTTP call) or "none" (approval only)',
    ]);
    const reachable = parseError(
      "actions:\n  - id: two-eyes\n    title: T\n    approvals: 2\n    checkers: [U0123ABC]\n    executor: { type: webhook, url: https://x.internal, secret_env: S }\n",
      { S: "x" },
    );
    expect(reachable).toContain(
      'inline.yml:4: action "two-eyes": approvals: needs 2 distinct checkers but checkers lists only 1',
    );
  });

  it("explains a file without an actions list", () => {
    expect(parseError("action:\n  - id: typo\n")).toBe(
      [
        "ACTIONS_FILE inline.yml is invalid (2 problems):",
        "  inline.yml:1: actions: is required",
        '  inline.yml:1: action: unknown key "action" (allowed: actions)',
      ].join("\n"),
    );
    expect(parseError("actions: none\n")).toContain(
      'inline.yml:1: actions: must be a list (got "none")',
    );
  });

  it("rejects an empty file", async () => {
    expect(await loadError(`${FIXTURES}/empty.yml`)).toBe(
      `ACTIONS_FILE ${FIXTURES}/empty.yml is empty: it needs an "actions:" list`,
    );
  });
});

describe("webhook secrets that are not set", () => {
  const file = `${FIXTURES}/missing-secrets.yml`;
  const hint = (name: string) => `set ${name} to enable it (its webhook requests must be signed)`;

  it("leaves out each action whose secret is missing or blank, and loads the rest", async () => {
    const { actions, unavailable } = await loadActionsFile(file, {
      FIRST_SECRET: "a",
      SECOND_SECRET: "  ",
    });
    expect(actions.map((action) => [action.id, action.title, action.source])).toEqual([
      ["first-hook", "First hook", "actions-file"],
    ]);
    expect(unavailable).toEqual([
      { id: "second-hook", title: "Second hook", reason: hint("SECOND_SECRET") },
      { id: "third-hook", title: "Third hook", reason: hint("THIRD_SECRET") },
    ]);
  });

  it("offers every action once all secrets are set", async () => {
    const { actions, unavailable } = await loadActionsFile(file, {
      FIRST_SECRET: "a",
      SECOND_SECRET: "b",
      THIRD_SECRET: "c",
    });
    expect(actions.map((action) => action.id)).toEqual(["first-hook", "second-hook", "third-hook"]);
    expect(unavailable).toEqual([]);
  });

  it("does not excuse other mistakes in the same file", () => {
    expect(
      parseError(
        "actions:\n  - id: Bad_Id\n    title: T\n    executor: { type: webhook, url: https://x.internal, secret_env: UNSET }\n",
      ),
    ).toBe(
      [
        "ACTIONS_FILE inline.yml is invalid (1 problem):",
        '  inline.yml:2: action "Bad_Id": id: must be kebab-case (a-z, 0-9 and -, starting with a letter), 2 to 63 characters',
      ].join("\n"),
    );
  });
});

describe("a missing file", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "actions-file-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("is an error when the file was asked for", async () => {
    expect(await loadError("./x.yml")).toBe("ACTIONS_FILE ./x.yml does not exist");
  });

  it("means no actions when only the default path was tried", async () => {
    await expect(
      loadActionsFile(join(dir, "actions.yml"), {}, { required: false }),
    ).resolves.toEqual({ actions: [], unavailable: [], secretVariables: [], warnings: [] });
  });

  it("still validates a file that exists at the default path", async () => {
    const path = join(dir, "actions.yml");
    await writeFile(path, "actions:\n  - id: x\n");
    await expect(loadActionsFile(path, {}, { required: false })).rejects.toThrow(
      `${path}:2: action "x": id: must be kebab-case`,
    );
  });

  it("loads an empty list", async () => {
    const path = join(dir, "actions.yml");
    await writeFile(path, "actions: []\n");
    await expect(loadActionsFile(path, {})).resolves.toEqual({
      actions: [],
      unavailable: [],
      secretVariables: [],
      warnings: [],
    });
  });
});

describe("an action's own words: summary, outcome, system and money", () => {
  const hook =
    "    executor: { type: webhook, url: https://billing.example.com/waive, secret_env: S }";
  const params = [
    "    params:",
    "      - { name: invoice_id, label: Invoice, type: text, required: true }",
    "      - { name: amount, label: Amount, type: number, currency: EUR }",
  ];

  it("reads them, and names the webhook's host as the system when none is declared", () => {
    const { actions } = parseActionsFile(
      [
        "actions:",
        "  - id: waive",
        "    title: Waive",
        '    summary: "waive {amount} on {invoice_id}"',
        '    outcome: { done: "Credit note {result.credit_note} issued for {invoice_id}" }',
        ...params,
        hook,
        "  - id: plain",
        "    title: Plain",
        '    system: "the billing system"',
        hook,
      ].join("\n"),
      "inline.yml",
      { S: "x" },
    );
    expect(actions[0]).toMatchObject({
      summary: "waive {amount} on {invoice_id}",
      outcome: { done: "Credit note {result.credit_note} issued for {invoice_id}" },
      system: "the webhook (billing.example.com)",
    });
    expect(actions[0]?.params[1]?.currency).toBe("EUR");
    expect(actions[1]).toMatchObject({ system: "the billing system" });
    expect(actions[1]).not.toHaveProperty("summary");
  });

  it("says which placeholder is not a param, and checks currencies", () => {
    const message = parseError(
      [
        "actions:",
        "  - id: waive",
        "    title: Waive",
        '    summary: "waive {amout} on {invoice_id} {result.x}"',
        '    outcome: { done: "Issued {result.credit_note} {total} {" }',
        ...params,
        hook,
      ].join("\n"),
      { S: "x" },
    );
    expect(message.split("\n").slice(1)).toEqual([
      '  inline.yml:4: action "waive": summary: {amout} is not a param of this action (its params are invoice_id, amount)',
      '  inline.yml:4: action "waive": summary: {result.x} is not a param of this action (its params are invoice_id, amount)',
      '  inline.yml:5: action "waive": outcome.done: {total} is not a param of this action nor result.<field> (its params are invoice_id, amount)',
      '  inline.yml:5: action "waive": outcome.done: has a { or } without its pair',
    ]);
    const money = parseError(
      [
        "actions:",
        "  - id: waive",
        "    title: Waive",
        "    params:",
        "      - { name: amount, label: Amount, type: number, currency: usd }",
        "      - { name: note, label: Note, type: text, currency: USD }",
        hook,
      ].join("\n"),
      { S: "x" },
    );
    expect(money.split("\n").slice(1)).toEqual([
      '  inline.yml:5: action "waive": params[0].currency: must be an ISO 4217 currency code, like USD or EUR',
      '  inline.yml:6: action "waive": params[1].currency: only applies to number and integer',
    ]);
  });
});
