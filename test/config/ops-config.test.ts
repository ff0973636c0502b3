import { describe, expect, it } from "vitest";
import { parseOpsConfig } from "../../src/config/ops-config.ts";

describe("OPS_ON_SLACK_PORT", () => {
  it("is off unless asked for", () => {
    expect(parseOpsConfig({})).toMatchObject({ ok: true, config: { opsOnSlackPort: false } });
    expect(parseOpsConfig({ OPS_ON_SLACK_PORT: "TRUE" })).toMatchObject({
      ok: true,
      config: { opsOnSlackPort: true },
    });
  });

  it("says what it accepts", () => {
    expect(parseOpsConfig({ OPS_ON_SLACK_PORT: "yes" })).toEqual({
      ok: false,
      issues: ["  OPS_ON_SLACK_PORT: must be true, false, 1 or 0"],
    });
  });

  it("is refused in Socket Mode, which has no Slack-facing port, pointing at METRICS_PORT", () => {
    expect(parseOpsConfig({ OPS_ON_SLACK_PORT: "1", SLACK_APP_TOKEN: "xapp-1-abc" })).toEqual({
      ok: false,
      issues: [
        "  OPS_ON_SLACK_PORT: Socket Mode (SLACK_APP_TOKEN) listens on no port; set METRICS_PORT instead",
      ],
    });
  });
});
