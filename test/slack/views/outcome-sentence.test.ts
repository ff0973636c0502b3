import { describe, expect, it } from "vitest";
import { MASK } from "../../../src/factory/params.ts";
import { UNRECORDED_ERROR } from "../../../src/requests/record-outcome.ts";
import { INTERRUPTED_ERROR } from "../../../src/requests/resume-policy.ts";
import { formatMoney } from "../../../src/slack/views/money.ts";
import { outcomeSentence } from "../../../src/slack/views/outcome-sentence.ts";
import { requestSummary } from "../../../src/slack/views/request-summary.ts";
import { action, CHECKER, inStatus, request } from "./fixtures.ts";

const billing = action({
  system: "the billing system",
  summary: "waive {amount} on {invoice_id}",
  outcome: { done: "Credit note {result.credit_note} issued" },
});
const failed = (error: string, result: unknown = null) =>
  ({ ...inStatus.FAILED(), error, result }) as ReturnType<typeof inStatus.FAILED>;

describe("outcomeSentence", () => {
  it("says a run is done in the action's words, or with its summary", () => {
    const done = { ...inStatus.FINISHED(), result: { status: 200, body: { credit_note: "CN-7" } } };
    expect(outcomeSentence(done, billing)).toBe("Done: Credit note CN-7 issued.");
    // The field is missing: the plain sentence, never "undefined".
    expect(outcomeSentence(inStatus.FINISHED(), billing)).toBe("Done: waive $250.00 on in_123.");
    expect(outcomeSentence(inStatus.FINISHED(), action())).toBe(
      "Done: Billing waiver: invoice ID in_123, amount $250.00.",
    );
  });

  it("says why a webhook run failed, in words, never with its body", () => {
    expect(
      outcomeSentence(
        failed("Webhook answered 500 Internal Server Error: {}", { status: 500, body: {} }),
        billing,
      ),
    ).toBe("The billing system failed to do it (error 500); check it before trying again.");
    expect(outcomeSentence(failed('Webhook answered 422: {"e":1}'), billing)).toBe(
      "The billing system refused it (error 422); nothing changed.",
    );
    expect(outcomeSentence(failed("Webhook could not be reached: ECONNREFUSED"), billing)).toBe(
      "It could not reach the billing system; nothing changed.",
    );
    expect(outcomeSentence(failed("Webhook did not answer within 100 ms"), billing)).toBe(
      "The billing system did not answer in time; it may or may not have done it: check before trying again.",
    );
    expect(outcomeSentence(failed(UNRECORDED_ERROR), billing)).toContain(
      "could not be recorded; check whether it was done",
    );
    expect(outcomeSentence(failed("Quota exceeded: <!here> 99"), action())).toBe(
      "It failed: Quota exceeded.",
    );
  });

  it("names a webhook by its host when the action names no system", () => {
    expect(
      outcomeSentence(
        failed("Webhook answered 404 Not Found", { status: 404, body: "" }),
        action({ system: "the webhook (billing.example.com)" }),
      ),
    ).toBe("The webhook (billing.example.com) refused it (error 404); nothing changed.");
  });

  it("masks sensitive values unless revealed, in params and answer alike", () => {
    const card = action({
      summary: "charge card {card_last4}",
      outcome: { done: "Charged {result.card}" },
    });
    const done = { ...inStatus.FINISHED(), result: { card: "4242" } };
    expect(outcomeSentence(done, card)).toBe(`Done: Charged ${MASK}.`);
    expect(outcomeSentence(done, card, { reveal: true })).toBe("Done: Charged 4242.");
    expect(outcomeSentence(inStatus.FINISHED(), card)).toBe(`Done: charge card ${MASK}.`);
  });

  it("says what ended a request that did not run", () => {
    expect(outcomeSentence(inStatus.DECLINED(), billing)).toBe(
      `Declined by <@${CHECKER}>: “Above the refund policy”; nothing ran.`,
    );
    expect(outcomeSentence(inStatus.EXPIRED(), billing)).toBe(
      "Expired: nobody decided in time; nothing ran.",
    );
  });
});

describe("money and summaries", () => {
  const amount = (over: object) =>
    ({
      name: "amount",
      label: "Amount",
      type: "number",
      required: false,
      sensitive: false,
      ...over,
    }) as const;

  it("formats amounts with their currency, from the spec or the label", () => {
    expect(formatMoney(amount({ currency: "USD" }), 1250)).toBe("$1,250.00");
    expect(formatMoney(amount({ currency: "EUR" }), 3.5)).toBe("€3.50");
    expect(formatMoney(amount({ label: "Amount (USD)" }), 1250)).toBe("$1,250.00");
    expect(formatMoney(amount({}), 1250)).toBe("1,250.00");
    expect(formatMoney(amount({ name: "days", label: "Days" }), 1250)).toBeUndefined();
    expect(formatMoney(amount({ currency: "USD" }), "1250")).toBeUndefined();
  });

  it("fills the summary template, masking what the reader may not see", () => {
    const card = action({ summary: "refund {amount} to card {card_last4}" });
    const record = request({ params: { invoice_id: "in_1", amount: 1250, card_last4: "4242" } });
    expect(requestSummary(record, card, { reveal: true })).toBe("refund $1,250.00 to card 4242");
    expect(requestSummary(record, card, { reveal: false })).toBe(
      `refund $1,250.00 to card ${MASK}`,
    );
    // An optional param left empty reads as a dash; text is escaped.
    const empty = request({ params: { invoice_id: "<!channel>" } });
    expect(
      requestSummary(empty, action({ summary: "waive {amount} on {invoice_id}" }), {
        reveal: true,
      }),
    ).toBe("waive — on &lt;!channel&gt;");
  });

  it("a module's template is checked like the file's", () => {
    expect(() => action({ summary: "waive {amout}" })).toThrow(
      "summary: {amout} is not a param of this action (its params are invoice_id, amount, card_last4)",
    );
  });

  it("without a template, picks up to three short, non-sensitive params", () => {
    const record = request({
      params: { invoice_id: "in_1", amount: 5, card_last4: "4242", note: "n".repeat(200) },
    });
    const card = action({
      params: [
        { name: "note", label: "Note", type: "text", required: true },
        { name: "invoice_id", label: "Invoice ID", type: "text", required: true },
        { name: "amount", label: "Amount (USD)", type: "number" },
        { name: "card_last4", label: "Card last 4", type: "text", sensitive: true, required: true },
      ],
    });
    expect(requestSummary(record, card, { reveal: true })).toBe(
      "Billing waiver: invoice ID in_1, amount $5.00",
    );
  });
});

describe("outcomeSentence: an interrupted run", () => {
  it("keeps the bot's whole advice: what to check and why it was not run again", () => {
    const failed = { ...inStatus.FAILED(), error: INTERRUPTED_ERROR, result: null };
    expect(outcomeSentence(failed, undefined)).toBe(INTERRUPTED_ERROR);
  });
});
