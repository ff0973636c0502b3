import { describe, expect, it } from "vitest";
import { MASK } from "../../src/factory/params.ts";
import { mergeSecrets, NO_SECRETS, redactor, secretsOf } from "../../src/requests/redact.ts";

const CARD = "card-7Q4Z-SENSITIVE";

describe("secretsOf", () => {
  it("takes the values and names of the sensitive params only", () => {
    const secrets = secretsOf(
      { invoice_id: "in_123", card_last4: " 4242 ", pin: 1234, vip: true, empty: "", gone: null },
      (name) => name !== "invoice_id",
    );
    expect(secrets.names).toEqual(["card_last4", "pin", "vip", "empty", "gone"]);
    expect(secrets.values).toEqual([" 4242 ", "4242", "1234"]);
  });

  it("merges without repeating", () => {
    const a = secretsOf({ card: "4242" }, () => true);
    const b = secretsOf({ card: "4242", pin: "9876" }, () => true);
    expect(mergeSecrets(a, b)).toEqual({ values: ["4242", "9876"], names: ["card", "pin"] });
  });
});

describe("redactor", () => {
  const redact = redactor(secretsOf({ card_last4: CARD, pin: "7" }, () => true));

  it("masks every occurrence in a text, whatever its case", () => {
    expect(redact.text(`bad card ${CARD}; again: ${CARD.toLowerCase()}`)).toBe(
      `bad card ${MASK}; again: ${MASK}`,
    );
  });

  it("masks the value as a receiver may have echoed it: JSON-escaped or URL-encoded", () => {
    const quoted = redactor(secretsOf({ note: 'say "hi" — now' }, () => true));
    expect(quoted.text('Webhook answered 500: {"note":"say \\"hi\\" — now"}')).toBe(
      `Webhook answered 500: {"note":"${MASK}"}`,
    );
    expect(quoted.text('{"note":"say \\"hi\\" \\u2014 now"}')).toBe(`{"note":"${MASK}"}`);
    expect(quoted.text("GET /x?note=say%20%22hi%22%20%E2%80%94%20now")).toBe(`GET /x?note=${MASK}`);
    expect(quoted.text('say  "hi"\n— now')).toBe(MASK);
  });

  it("masks a short value only where it stands alone", () => {
    expect(redact.text("pin 7, not 17 or 7a")).toBe(`pin ${MASK}, not 17 or 7a`);
  });

  it("masks the start of a value a text was cut in the middle of", () => {
    expect(redact.text(`body: {"card":"${CARD.slice(0, 12)}`)).toBe(`body: {"card":"${MASK}`);
    expect(redact.text(`body: ${CARD.slice(0, 14)}…`)).toBe(`body: ${MASK}…`);
    // Less than half of it, at the end of a text, is an ordinary word.
    expect(redact.text("the card")).toBe("the card");
  });

  it("masks inside JSON: strings, numbers, keys, and any property named like a sensitive param", () => {
    const numbers = redactor(secretsOf({ pin: 4321, card_last4: "4242", vip: true }, () => true));
    expect(
      numbers.json({
        status: 200,
        body: { echo: { card_last4: "9999", vip: false }, note: "paid with 4242", code: 4321 },
        list: ["4242", 12],
        "4242": "key",
      }),
    ).toEqual({
      status: 200,
      body: { echo: { card_last4: MASK, vip: MASK }, note: `paid with ${MASK}`, code: MASK },
      list: [MASK, 12],
      [MASK]: "key",
    });
  });

  it("leaves everything as it is without secrets", () => {
    const none = redactor(NO_SECRETS);
    expect(none.text(`${CARD} 4242`)).toBe(`${CARD} 4242`);
    expect(none.json({ a: [1, "x"] })).toEqual({ a: [1, "x"] });
  });

  it("treats regular-expression characters in a value as text", () => {
    const odd = redactor(secretsOf({ token: "a.b*c(d)[e]$" }, () => true));
    expect(odd.text("x a.b*c(d)[e]$ y aXb*c(d)[e]$")).toBe(`x ${MASK} y aXb*c(d)[e]$`);
  });
});
