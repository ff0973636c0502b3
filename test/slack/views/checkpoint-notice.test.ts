import { describe, expect, it } from "vitest";
import { parseCheckpoint } from "../../../src/audit/checkpoint.ts";
import { renderCheckpointNotice } from "../../../src/slack/views/checkpoint-notice.ts";

const checkpoint = {
  version: 1 as const,
  seq: 1234,
  hash: "a".repeat(64),
  at: "2026-12-04T10:00:00.000Z",
  keyId: "b".repeat(16),
  signature: "c".repeat(64),
};

describe("the checkpoint notice", () => {
  it("carries the checkpoint as JSON in a code block, ready for verify --checkpoint", () => {
    const notice = renderCheckpointNotice(checkpoint);
    const block = /```\n([\s\S]*?)\n```/.exec(notice.text)?.[1] ?? "";
    expect(parseCheckpoint(block)).toEqual(checkpoint);
    expect(block).not.toContain("kind");
    expect(notice.text).toContain("event #1234");
    expect(JSON.stringify(notice.blocks)).toContain("verify --checkpoint");
  });
});
