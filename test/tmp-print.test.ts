import { it } from "vitest";
import { renderCheckerMessage } from "../src/slack/views/checker-message.ts";
import { renderMakerMessage } from "../src/slack/views/maker-message.ts";
import { renderAuditLine } from "../src/slack/views/audit-line.ts";
import { action, inStatus, CHECKER } from "./slack/views/fixtures.ts";
function show(m: { text: string; blocks: unknown[] }) {
  console.log("TEXT:", m.text);
  for (const b of m.blocks as any[]) {
    if (b.type === "section") console.log(`[section] ${b.text?.text ?? b.fields.map((f: any) => f.text).join(" | ")}`);
    else if (b.type === "context") console.log(`[context] ${b.elements[0].text}`);
    else if (b.type === "header") console.log(`[header] ${b.text.text}`);
    else if (b.type === "actions") console.log(`[actions] ${b.elements.map((e: any) => e.text.text + (e.confirm ? ` {${e.confirm.text.text}}` : "")).join(" ")}`);
  }
  console.log("---");
}
it("prints", () => {
  const waiver = action({ summary: "waive {amount} on {invoice_id}", rules: { production: { expire_after: "2h", warning: "Live customers" } } as never });
  show(renderCheckerMessage({ request: inStatus.PENDING(), action: waiver, checkerId: CHECKER, resendOf: { number: 7, status: "DECLINED", reason: "Wrong invoice" } }));
  show(renderCheckerMessage({ request: inStatus.PENDING(), action: action(), checkerId: CHECKER }));
  show(renderCheckerMessage({ request: { ...inStatus.FAILED(), error: "Webhook answered 502 Bad Gateway: {}", result: { status: 502, body: {} } }, action: waiver, checkerId: CHECKER }));
  show(renderMakerMessage({ request: inStatus.PENDING(), action: waiver }));
  show(renderMakerMessage({ request: inStatus.FINISHED(), action: waiver }));
  show(renderMakerMessage({ request: inStatus.CANCELLED(), action: waiver }));
  console.log(renderAuditLine(inStatus.FAILED(), waiver).text);
});
