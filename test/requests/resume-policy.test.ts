import { describe, expect, it } from "vitest";
import { defineAction } from "../../src/factory/define-action.ts";
import type { AuditEvent, AuditEventType } from "../../src/requests/audit-events.ts";
import {
  INTERRUPTED_ERROR,
  interruptedTooOften,
  MAX_RESUMES,
  resumeStep,
} from "../../src/requests/resume-policy.ts";
import type { RequestRecord } from "../../src/requests/types.ts";

const execute = async () => ({ ok: true as const, result: null });
const webhook = defineAction({ id: "webhook", title: "Webhook", idempotent: true, execute });
const refund = defineAction({ id: "refund", title: "Refund", execute });
const request = { id: "r1", number: 7 } as RequestRecord;

let seq = 0;
const event = (type: AuditEventType, requestId = request.id) =>
  ({ seq: ++seq, type, requestId, correlationId: "c1", details: {} }) as unknown as AuditEvent;
const resumed = (times: number, requestId = request.id) =>
  Array.from({ length: times }, () => event("EXECUTION_RESUMED", requestId));
const story = (...more: AuditEvent[]) => [
  event("REQUEST_CREATED"),
  event("REQUEST_APPROVED"),
  event("EXECUTION_STARTED"),
  ...more,
];

describe("resumeStep", () => {
  it("runs an idempotent action again, numbering each resume, up to MAX_RESUMES", () => {
    expect(MAX_RESUMES).toBe(3);
    for (let before = 0; before < MAX_RESUMES; before++) {
      expect(resumeStep(request, webhook, story(...resumed(before)))).toEqual({
        type: "EXECUTION_RESUMED",
        toStatus: "EXECUTING",
        details: {
          reason: "the process running it stopped before it finished",
          resume: before + 1,
          maxResumes: MAX_RESUMES,
        },
      });
    }
  });

  it("after MAX_RESUMES resumes, ends it FAILED as interrupted that many times plus one", () => {
    expect(resumeStep(request, webhook, story(...resumed(MAX_RESUMES)))).toEqual({
      type: "REQUEST_FAILED",
      toStatus: "FAILED",
      details: {
        error:
          "Interrupted 4 times — check the target system: the bot stopped each time while this action was running, so it is not run again.",
        result: null,
        interrupted: true,
        interruptions: 4,
      },
    });
    expect(resumeStep(request, webhook, story(...resumed(9))).details.error).toBe(
      interruptedTooOften(10),
    );
  });

  it("counts only this request's resumes, not those of the duplicates it shares a story with", () => {
    const events = story(...resumed(MAX_RESUMES, "earlier-duplicate"), ...resumed(1));
    expect(resumeStep(request, webhook, events)).toMatchObject({
      type: "EXECUTION_RESUMED",
      details: { resume: 2 },
    });
  });

  it("never runs again an action that is not idempotent, however often it was resumed", () => {
    expect(resumeStep(request, refund, story())).toEqual({
      type: "REQUEST_FAILED",
      toStatus: "FAILED",
      details: { error: INTERRUPTED_ERROR, result: null, interrupted: true },
    });
  });
});
