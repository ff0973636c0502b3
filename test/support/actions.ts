import { defineAction } from "../../src/factory/define-action.ts";
import { ActionRegistry } from "../../src/factory/registry.ts";
import type { ExecutionContext, ExecutionOutcome } from "../../src/factory/types.ts";

/** Test actions that count their runs, so a test can prove something ran exactly once. */
export function testActions(
  behaviour: (ctx: ExecutionContext) => Promise<ExecutionOutcome> = async (ctx) => ({
    ok: true,
    result: { waived: ctx.request.params.invoice_id ?? null },
  }),
) {
  const runs: ExecutionContext[] = [];
  const run = async (ctx: ExecutionContext) => {
    runs.push(ctx);
    return behaviour(ctx);
  };
  const registry = new ActionRegistry([
    defineAction({
      id: "waive-invoice",
      title: "Waive invoice",
      description: "Waive a customer's invoice",
      environments: ["production", "staging"],
      params: [
        {
          name: "invoice_id",
          label: "Invoice ID",
          type: "text",
          required: true,
          pattern: "^in_[0-9]+$",
        },
        { name: "amount", label: "Amount", type: "number", min: 0, max: 10000 },
        { name: "card_last4", label: "Card last 4", type: "text", sensitive: true },
      ],
      execute: run,
    }),
    defineAction({
      id: "delete-account",
      title: "Delete account",
      description: "Delete a customer account",
      approvals: 2,
      params: [{ name: "account", label: "Account", type: "text", required: true }],
      execute: run,
    }),
    defineAction({
      id: "restricted",
      title: "Restricted",
      description: "Only some people may ask or check",
      makers: ["S0MAKERS"],
      checkers: ["U0BOSS", "S0LEADS"],
      params: [],
      execute: run,
    }),
  ]);
  return { registry, runs };
}
