import { describe, expect, it } from "vitest";
import { defineAction } from "../../src/factory/define-action.ts";
import {
  buildParamsSchema,
  MASK,
  maskParams,
  type ParamSpecInput,
  paramSpecSchema,
  parseActionParams,
} from "../../src/factory/params.ts";

function spec(input: ParamSpecInput) {
  return paramSpecSchema.parse(input);
}

/** Parses one value for one param; returns the value or the first message. */
function one(input: ParamSpecInput, raw: unknown): unknown {
  const result = buildParamsSchema([spec(input)]).safeParse({ [input.name]: raw });
  return result.success ? result.data[input.name] : result.error.issues[0]?.message;
}

describe("buildParamsSchema coercion", () => {
  it("text and textarea trim and keep strings", () => {
    expect(one({ name: "t", label: "T", type: "text" }, "  hello ")).toBe("hello");
    expect(one({ name: "t", label: "T", type: "textarea" }, "line 1\nline 2\n")).toBe(
      "line 1\nline 2",
    );
    expect(one({ name: "t", label: "Ticket", type: "text" }, 42)).toBe("Ticket must be text");
  });

  it("number accepts numbers and numeric form strings only", () => {
    const amount = { name: "amount", label: "Amount (USD)", type: "number" } as const;
    expect(one(amount, "12.50")).toBe(12.5);
    expect(one(amount, "-3")).toBe(-3);
    expect(one(amount, "1e3")).toBe(1000);
    expect(one(amount, 7)).toBe(7);
    for (const bad of ["12abc", "0x10", "1,000", "Infinity", true]) {
      expect(one(amount, bad)).toBe("Amount (USD) must be a number");
    }
  });

  it("integer rejects fractions", () => {
    const days = { name: "days", label: "Extra days", type: "integer" } as const;
    expect(one(days, "14")).toBe(14);
    expect(one(days, "1.5")).toBe("Extra days must be a whole number");
    expect(one(days, "soon")).toBe("Extra days must be a number");
  });

  it("boolean accepts checkbox-style values", () => {
    const flag = { name: "notify", label: "Notify customer", type: "boolean" } as const;
    expect(one(flag, true)).toBe(true);
    expect(one(flag, "true")).toBe(true);
    expect(one(flag, "on")).toBe(true);
    expect(one(flag, "false")).toBe(false);
    expect(one(flag, false)).toBe(false);
    expect(one(flag, "maybe")).toBe("Notify customer must be yes or no");
  });

  it("select accepts only its options", () => {
    const reason = {
      name: "reason_code",
      label: "Reason",
      type: "select",
      options: ["goodwill", "outage", "error"],
    } as const;
    expect(one(reason, "outage")).toBe("outage");
    expect(one(reason, "other")).toBe("Reason must be one of goodwill, outage, error");
  });

  it("user accepts Slack user ids", () => {
    const user = { name: "owner", label: "Owner", type: "user" } as const;
    expect(one(user, "U0123ABC")).toBe("U0123ABC");
    expect(one(user, "W0123ABC")).toBe("W0123ABC");
    for (const bad of ["S0123ABC", "u0123abc", "U1", "@alice"]) {
      expect(one(user, bad)).toBe("Owner must be a Slack user ID like U0123ABC");
    }
  });

  it("date needs YYYY-MM-DD and a real calendar day", () => {
    const date = { name: "ends_on", label: "New end date", type: "date" } as const;
    expect(one(date, "2026-02-28")).toBe("2026-02-28");
    expect(one(date, "2028-02-29")).toBe("2028-02-29");
    expect(one(date, "2026-02-29")).toBe(
      "New end date must be a real date (2026-02-29 does not exist)",
    );
    expect(one(date, "2026-13-01")).toBe(
      "New end date must be a real date (2026-13-01 does not exist)",
    );
    expect(one(date, "28/02/2026")).toBe("New end date must be a date like 2026-01-31");
  });

  it("url accepts http and https only", () => {
    const url = { name: "link", label: "Runbook", type: "url" } as const;
    expect(one(url, "https://example.com/runbook")).toBe("https://example.com/runbook");
    expect(one(url, "http://localhost:8080")).toBe("http://localhost:8080");
    for (const bad of ["ftp://example.com", "javascript:alert(1)", "example.com"]) {
      expect(one(url, bad)).toBe("Runbook must be a web address starting with http:// or https://");
    }
  });

  it("email needs a plausible address", () => {
    const email = { name: "to", label: "Account email", type: "email" } as const;
    expect(one(email, "ada@example.com")).toBe("ada@example.com");
    for (const bad of ["ada", "ada@example", "a da@example.com", "@example.com"]) {
      expect(one(email, bad)).toBe("Account email must be an email address like name@example.com");
    }
  });
});

describe("buildParamsSchema rules", () => {
  it("treats empty, null and missing as absent", () => {
    const schema = buildParamsSchema([spec({ name: "note", label: "Note", type: "text" })]);
    for (const value of ["", "   ", null, undefined]) {
      expect(schema.parse({ note: value })).toEqual({});
    }
    expect(schema.parse({})).toEqual({});
  });

  it("says which required field is missing", () => {
    const id = { name: "invoice_id", label: "Invoice ID", type: "text", required: true } as const;
    expect(one(id, "")).toBe("Invoice ID is required");
    expect(one(id, null)).toBe("Invoice ID is required");
    expect(one(id, undefined)).toBe("Invoice ID is required");
  });

  it("searches the value for the pattern, as JSON Schema does: ^ and $ anchor it", () => {
    const id = { name: "invoice_id", label: "Invoice ID", type: "text", pattern: "^in_" } as const;
    // A value that visibly starts with in_ is accepted; the error never shows the expression.
    expect(one(id, "in_123")).toBe("in_123");
    expect(one(id, "xin_1")).toBe("Invoice ID should start with in_");
    expect(one({ ...id, pattern: "in_[0-9]+" }, "ref in_123 x")).toBe("ref in_123 x");
    expect(one({ ...id, pattern: "^in_[0-9]+$" }, "in_123x")).toBe(
      "Invoice ID should start with in_, then digits (like in_1234)",
    );
    expect(one({ ...id, pattern: "^in_[A-Za-z0-9]+$" }, "in_")).toBe(
      "Invoice ID should start with in_, then letters and digits (like in_1A2b3C)",
    );
    expect(one({ ...id, pattern: "_x$" }, "a_xy")).toBe("Invoice ID should end with _x");
    expect(one({ ...id, pattern: "^GB$" }, "GBR")).toBe("Invoice ID should be exactly GB");
    expect(one({ ...id, pattern: "in_" }, "abc")).toBe("Invoice ID should contain in_");
    // A pattern too intricate to word says so, and never shows the expression.
    expect(one({ ...id, pattern: "^(EU|US)-\\d+$" }, "FR-1")).toBe(
      "Invoice ID is not in the expected format",
    );
  });

  it("gives the example of the hint or placeholder when it has one, and else its own", () => {
    const id = {
      name: "invoice_id",
      label: "Invoice ID",
      type: "text",
      pattern: "^in_\\w+$",
    } as const;
    const words = "Invoice ID should start with in_, then letters, digits and _";
    expect(one({ ...id, hint: "Stripe invoice id, like in_1Mt" }, "ch_1")).toBe(
      `${words} (like in_1Mt)`,
    );
    expect(one({ ...id, placeholder: "in_1Mt" }, "ch_1")).toBe(`${words} (like in_1Mt)`);
    // An example that does not fit the pattern is not repeated.
    expect(one({ ...id, placeholder: "ch_1" }, "ch_1")).toBe(`${words} (like in_1A2b3C)`);
    const intricate = { ...id, pattern: "^(in|ch)_\\w+$" };
    expect(one({ ...intricate, hint: "Like in_1Mt" }, "x")).toBe(
      "Invoice ID is not in the expected format: Like in_1Mt",
    );
    expect(one({ ...intricate, placeholder: "in_1Mt" }, "x")).toBe(
      "Invoice ID is not in the expected format (for example: in_1Mt)",
    );
  });

  it("bounds numbers by value", () => {
    const amount = {
      name: "amount",
      label: "Amount (USD)",
      type: "number",
      min: 0,
      max: 10000,
    } as const;
    expect(one(amount, "10000")).toBe(10000);
    expect(one(amount, "0")).toBe(0);
    expect(one(amount, "10000.01")).toBe("Amount (USD) must be at most 10000");
    expect(one(amount, "-1")).toBe("Amount (USD) must be at least 0");
  });

  it("bounds text by length in characters", () => {
    const code = { name: "code", label: "Code", type: "text", min: 2, max: 4 } as const;
    expect(one(code, "ab")).toBe("ab");
    expect(one(code, "a")).toBe("Code must be at least 2 characters");
    expect(one(code, "abcde")).toBe("Code must be at most 4 characters");
    // Emoji count as one character each, as the person typing sees them.
    expect(one(code, "😀😀😀😀")).toBe("😀😀😀😀");
    expect(one({ ...code, min: 0, max: 1 }, "ab")).toBe("Code must be at most 1 character");
  });

  it("drops unknown keys and reports every field", () => {
    const schema = buildParamsSchema([
      spec({ name: "invoice_id", label: "Invoice ID", type: "text", required: true }),
      spec({ name: "amount", label: "Amount (USD)", type: "number", max: 10 }),
    ]);
    expect(schema.parse({ invoice_id: "in_1", amount: "5", admin: true })).toEqual({
      invoice_id: "in_1",
      amount: 5,
    });
    const result = schema.safeParse({ amount: "11" });
    expect(result.error?.issues.map((issue) => [issue.path, issue.message])).toEqual([
      [["invoice_id"], "Invoice ID is required"],
      [["amount"], "Amount (USD) must be at most 10"],
    ]);
  });

  it("does not read inherited properties as values", () => {
    const schema = buildParamsSchema([
      spec({ name: "constructor", label: "Builder", type: "text", required: true }),
    ]);
    expect(schema.safeParse({}).error?.issues[0]?.message).toBe("Builder is required");
  });
});

const waiver = defineAction({
  id: "billing-waiver",
  title: "Billing waiver",
  params: [
    { name: "invoice_id", label: "Invoice ID", type: "text", required: true, pattern: "^in_.+$" },
    { name: "amount", label: "Amount (USD)", type: "number", min: 0, max: 10000 },
    { name: "card_last4", label: "Card last 4", type: "text", sensitive: true },
  ],
  execute: async () => ({ ok: true, result: null }),
});

describe("parseActionParams", () => {
  it("returns the coerced values", () => {
    expect(
      parseActionParams(waiver, { invoice_id: "in_1", amount: "99.5", card_last4: "4242" }),
    ).toEqual({
      ok: true,
      value: { invoice_id: "in_1", amount: 99.5, card_last4: "4242" },
    });
  });

  it("keys the first message of each field by param name", () => {
    expect(parseActionParams(waiver, { invoice_id: "x", amount: "20000" })).toEqual({
      ok: false,
      errors: {
        invoice_id: "Invoice ID should start with in_, then anything (like in_x7k2)",
        amount: "Amount (USD) must be at most 10000",
      },
    });
  });

  it("puts input that is not an object under params", () => {
    expect(parseActionParams(waiver, "in_1")).toEqual({
      ok: false,
      errors: { params: "Params must be an object with one value per field" },
    });
  });

  it("puts a module schema's cross-field issues under params", () => {
    const range = defineAction({
      id: "set-range",
      title: "Set range",
      params: [
        { name: "low", label: "Low", type: "integer", required: true },
        { name: "high", label: "High", type: "integer", required: true },
      ],
      schema: buildParamsSchema([
        spec({ name: "low", label: "Low", type: "integer", required: true }),
        spec({ name: "high", label: "High", type: "integer", required: true }),
      ]).refine((values) => Number(values.low) < Number(values.high), "Low must be below High"),
      execute: async () => ({ ok: true, result: null }),
    });
    expect(parseActionParams(range, { low: "5", high: "1" })).toEqual({
      ok: false,
      errors: { params: "Low must be below High" },
    });
    expect(parseActionParams(range, { low: "1", high: "x" })).toEqual({
      ok: false,
      errors: { high: "High must be a number" },
    });
  });
});

describe("maskParams", () => {
  it("hides sensitive values and leaves the rest", () => {
    const params = { invoice_id: "in_1", amount: 5, card_last4: "4242" };
    expect(maskParams(waiver, params)).toEqual({ invoice_id: "in_1", amount: 5, card_last4: MASK });
    expect(MASK).toBe("••••");
    expect(params.card_last4).toBe("4242");
  });

  it("does not invent a sensitive value that was not given", () => {
    expect(maskParams(waiver, { invoice_id: "in_1" })).toEqual({ invoice_id: "in_1" });
  });
});
