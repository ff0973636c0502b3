import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT, type OptionValues } from "../../src/cli/command.ts";
import { exportCommand } from "../../src/cli/commands/export.ts";
import { ManualClock } from "../../src/core/clock.ts";
import { outboxAdmin } from "../../src/db/ports.ts";
import { PrismaRequestStore } from "../../src/db/prisma-request-store.ts";
import { PrismaTrailReader } from "../../src/db/prisma-trail-reader.ts";
import { defineAction } from "../../src/factory/define-action.ts";
import { MASK } from "../../src/factory/params.ts";
import { ActionRegistry } from "../../src/factory/registry.ts";
import { staticDirectory } from "../../src/requests/directory.ts";
import { RequestService } from "../../src/requests/request-service.ts";
import { CHECKER, key, MAKER, value } from "../audit/trail.ts";
import { collecting } from "../support/audit-cli.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";

const CARD = "card-7Q4Z-SENSITIVE";
const ECHO = `Webhook answered 500 Internal Server Error: {"error":"bad card ${CARD}"}`;

const ACTIONS_YML = `actions:
  - id: billing-waiver
    title: Billing waiver
    description: Waive a customer's invoice
    params:
      - { name: invoice_id, label: Invoice ID, type: text, required: true }
      - { name: card_last4, label: Card last 4, type: text, sensitive: true }
    executor: { type: webhook, url: "http://127.0.0.1:9/waivers", secret_env: WAIVER_SECRET }
`;

describe("npm run audit -- export: sensitive values", () => {
  let db: TestDatabase;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "four-eyes-export-"));
    await writeFile(path.join(dir, "actions.yml"), ACTIONS_YML);
    env = { ACTIONS_FILE: path.join(dir, "actions.yml"), WAIVER_SECRET: "s", DATA_DIR: dir };
    db = await createTestDatabase("pglite");
    // The bot that wrote the trail ran the same action; here it fails, echoing the card back.
    const waiver = defineAction({
      id: "billing-waiver",
      title: "Billing waiver",
      description: "Waive a customer's invoice",
      params: [
        { name: "invoice_id", label: "Invoice ID", type: "text", required: true },
        { name: "card_last4", label: "Card last 4", type: "text", sensitive: true },
      ],
      execute: async () => ({ ok: false, error: ECHO, result: { body: { card: CARD } } }),
    });
    const clock = new ManualClock("2026-03-02T14:00:00.000Z");
    const service = new RequestService({
      store: new PrismaRequestStore(db.prisma, key),
      actions: new ActionRegistry([waiver]),
      clock,
      directory: staticDirectory(),
      environments: ["production"],
    });
    const { request } = value(
      await service.createRequest({
        actionId: "billing-waiver",
        environment: "production",
        team: "Acme",
        params: { invoice_id: "in_1", card_last4: CARD },
        purpose: "Refund",
        makerId: MAKER,
        checkerIds: [CHECKER],
      }),
    );
    clock.advance(60 * 60_000);
    value(await service.approveRequest({ requestId: request.id, actorId: CHECKER }));
    value(await service.executeRequest(request.id));
  });
  afterAll(async () => {
    await db?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  async function exported(values: OptionValues, settings: Record<string, string> = env) {
    const out = collecting();
    const err = collecting();
    const run = await exportCommand.prepare(values);
    const code = await run({
      trail: new PrismaTrailReader(db.prisma),
      outbox: outboxAdmin({ prisma: db.prisma }, key),
      key,
      stdout: out.stream,
      stderr: err.stream,
      env: settings,
    });
    expect(code).toBe(EXIT.ok);
    return { stdout: out.text(), stderr: err.text() };
  }

  it("csv and mermaid mask them by default, in the params, the result and the error", async () => {
    const csv = await exported({ format: "csv" });
    expect(csv.stdout).not.toContain(CARD);
    expect(csv.stdout).toContain(`""card_last4"":""${MASK}""`);
    expect(csv.stdout).toContain(`bad card ${MASK}`);
    expect(csv.stdout).toContain(`""invoice_id"":""in_1""`);
    const mermaid = await exported({ format: "mermaid", request: "1" });
    expect(mermaid.stdout).toContain("failed");
    expect(mermaid.stdout).not.toContain(CARD);
    expect(mermaid.stderr).toBe("");
  });

  it("masks them in events exported without the request's creation (--since)", async () => {
    const csv = await exported({ format: "csv", since: "2026-03-02T15:00" });
    expect(csv.stdout).not.toContain("REQUEST_CREATED");
    expect(csv.stdout).toContain("REQUEST_FAILED");
    expect(csv.stdout).not.toContain(CARD);
  });

  it("--unmask shows them; jsonl, the sealed record, is verbatim", async () => {
    expect((await exported({ format: "csv", unmask: true })).stdout).toContain(CARD);
    expect((await exported({ format: "jsonl" })).stdout).toContain(CARD);
  });

  it("masks every param when the actions cannot be loaded, and says so", async () => {
    const broken = { ...env, ACTIONS_FILE: path.join(dir, "missing.yml") };
    const csv = await exported({ format: "csv" }, broken);
    expect(csv.stdout).not.toContain(CARD);
    expect(csv.stdout).toContain(`""invoice_id"":""${MASK}""`);
    expect(csv.stderr).toMatch(
      /^The actions could not be loaded \(.*missing\.yml.*\), so every param is masked\.\n$/,
    );
  });
});
