import { describe, expect, it } from "vitest";
import {
  renderReachedNotice,
  renderUnreachedNotice,
  unreachedReason,
  unreachedWarning,
} from "../../../src/slack/views/delivery-notice.ts";
import { renderMakerMessage } from "../../../src/slack/views/maker-message.ts";
import { CHECKER, inStatus, OTHER_CHECKER, request } from "./fixtures.ts";

/** Every text a person reads in a message, fallback text first. */
function messageText(message: object): string {
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if (key === "text" && typeof value === "string") texts.push(value);
        else walk(value);
      }
    }
  };
  walk(message);
  return texts.join("\n");
}

const gone = { checkerId: CHECKER, error: "user_disabled", attempts: 1 };

describe("telling the maker a checker was not reached", () => {
  it("names who, why in words with Slack's code, and what the maker can do", () => {
    const notice = renderUnreachedNotice(inStatus.PENDING(), gone);
    expect(notice.text).toBe(`#12: <@${CHECKER}> was not reached; Four Eyes has stopped trying.`);
    expect(messageText(notice)).toContain(
      `:warning: Slack refused to deliver request #12 to <@${CHECKER}>: their Slack account is deactivated (\`user_disabled\`); retrying cannot fix that. They have not seen it, and Four Eyes has stopped trying. To get a decision, cancel #12 and file it again with another checker.`,
    );
    expect(messageText(notice)).toContain("whoever runs Four Eyes can send it again");
    expect(messageText(notice)).not.toContain("will be retried");
  });

  it("says how many attempts were made when the error was not one retrying cannot fix", () => {
    expect(unreachedReason({ error: "ratelimited", attempts: 8 })).toBe(
      "Slack did not take it (`ratelimited`), and Four Eyes has tried 8 times",
    );
  });

  it("points at the other checkers who can still decide", () => {
    const both = request({ checkerIds: [CHECKER, OTHER_CHECKER] });
    expect(messageText(renderUnreachedNotice(both, gone))).toContain(
      `or wait for <@${OTHER_CHECKER}>, who can still decide.`,
    );
    const twoNeeded = request({ checkerIds: [CHECKER, OTHER_CHECKER], approvalsRequired: 2 });
    expect(messageText(renderUnreachedNotice(twoNeeded, gone))).not.toContain("wait for");
  });

  it("for a break-glass use, says the alert did not reach the reviewer", () => {
    const used = request({
      status: "FINISHED",
      breakGlassReason: "Pipeline stuck",
      checkerIds: [CHECKER, OTHER_CHECKER],
    });
    const text = messageText(renderUnreachedNotice(used, gone));
    expect(text).toContain(`the break-glass alert for #12 to <@${CHECKER}>`);
    expect(text).toContain(`<@${OTHER_CHECKER}> can still review it.`);
  });

  it("shows on the maker's card while the request waits, and not once it is closed", () => {
    const card = messageText(
      renderMakerMessage({ request: inStatus.PENDING(), action: undefined, unreached: [gone] }),
    );
    expect(card).toContain(`<@${CHECKER}> was not reached: their Slack account is deactivated`);
    expect(card).toContain("They have not seen this request.");
    expect(unreachedWarning(inStatus.DECLINED(), [gone])).toBeNull();
    expect(
      messageText(renderMakerMessage({ request: inStatus.PENDING(), action: undefined })),
    ).not.toContain("was not reached");
  });

  it("tells the maker when the message arrives after all", () => {
    expect(renderReachedNotice(inStatus.PENDING(), CHECKER).text).toBe(
      `:incoming_envelope: Request #12 has now reached <@${CHECKER}>.`,
    );
  });
});
