import { describe, expect, it } from "vitest";
import { parseDeclineForm } from "../../../src/slack/forms/decision-forms.ts";
import { BLOCK } from "../../../src/slack/ids.ts";
import { REQUEST_ID } from "../views/fixtures.ts";

describe("parseDeclineForm", () => {
  it("reads the request id from the metadata and the reason as typed", () => {
    const values = {
      [BLOCK.reason]: { value: { type: "plain_text_input", value: " Too much \n" } },
    };
    expect(parseDeclineForm({ state: { values }, private_metadata: REQUEST_ID })).toEqual({
      requestId: REQUEST_ID,
      reason: " Too much \n",
    });
  });

  it("reads malformed input as no request and an empty reason", () => {
    expect(parseDeclineForm({ state: { values: null }, private_metadata: "12" })).toEqual({
      requestId: null,
      reason: "",
    });
    expect(parseDeclineForm({ state: { values: { [BLOCK.reason]: [] } } })).toEqual({
      requestId: null,
      reason: "",
    });
  });
});
