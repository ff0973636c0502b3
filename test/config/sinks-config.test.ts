import { describe, expect, it } from "vitest";
import { configSecrets, loadAppConfig } from "../../src/config/app-config.ts";
import { anySink, parseSinksConfig } from "../../src/config/sinks-config.ts";

const SECRET = "h".repeat(32);

describe("the audit sinks' settings", () => {
  it("configures no sink by default, and checkpoints hourly", () => {
    const parsed = parseSinksConfig({});
    expect(parsed).toEqual({
      ok: true,
      config: { http: undefined, file: undefined, nats: undefined, checkpointCron: "0 * * * *" },
    });
    expect(parsed.ok && anySink(parsed.config)).toBe(false);
  });

  it("reads every sink, with defaults for batch, size and subject", () => {
    const parsed = parseSinksConfig({
      AUDIT_SINK_HTTP_URL: "https://collector.example/services/collector/raw",
      AUDIT_SINK_HTTP_SECRET: SECRET,
      AUDIT_SINK_HTTP_HEADER: "Authorization: Splunk 1234-abcd",
      AUDIT_SINK_FILE_DIR: "/var/log/four-eyes",
      AUDIT_SINK_FILE_MAX_MB: "10",
      AUDIT_SINK_NATS_URL: "nats://a:4222, nats://b:4222",
      AUDIT_SINK_NATS_STREAM: "FOUR_EYES_AUDIT",
      AUDIT_CHECKPOINT_CRON: "*/15 * * * *",
    });
    expect(parsed).toEqual({
      ok: true,
      config: {
        http: {
          url: "https://collector.example/services/collector/raw",
          secret: SECRET,
          batchSize: 500,
          header: { name: "Authorization", value: "Splunk 1234-abcd" },
        },
        file: { dir: "/var/log/four-eyes", maxBytes: 10 * 1024 * 1024 },
        nats: {
          url: "nats://a:4222, nats://b:4222",
          subject: "four-eyes.audit",
          stream: "FOUR_EYES_AUDIT",
        },
        checkpointCron: "*/15 * * * *",
      },
    });
  });

  it("names each variable that is wrong, never its value", () => {
    const parsed = parseSinksConfig({
      AUDIT_SINK_HTTP_URL: "ftp://nope",
      AUDIT_SINK_HTTP_SECRET: "short",
      AUDIT_SINK_HTTP_BATCH: "0",
      AUDIT_SINK_HTTP_HEADER: "no colon",
      AUDIT_SINK_NATS_URL: "http://x",
      AUDIT_SINK_NATS_SUBJECT: "audit.>",
      AUDIT_CHECKPOINT_CRON: "hourly",
    });
    expect(parsed.ok).toBe(false);
    const issues = parsed.ok ? [] : parsed.issues.map((line) => line.trim().split(":")[0]);
    expect(issues).toEqual([
      "AUDIT_SINK_HTTP_URL",
      "AUDIT_SINK_HTTP_SECRET",
      "AUDIT_SINK_HTTP_BATCH",
      "AUDIT_SINK_HTTP_HEADER",
      "AUDIT_SINK_NATS_URL",
      "AUDIT_SINK_NATS_SUBJECT",
      "AUDIT_CHECKPOINT_CRON",
    ]);
    expect(parsed.ok ? "" : parsed.issues.join("\n")).not.toContain("short");
    expect(parseSinksConfig({ AUDIT_SINK_HTTP_URL: "https://c.example/" })).toMatchObject({
      ok: false,
      issues: [expect.stringContaining("go together")],
    });
  });

  it("keeps the HTTP secret and header value out of logs", () => {
    const env = {
      SLACK_BOT_TOKEN: "xoxb-1",
      SLACK_SIGNING_SECRET: "signing",
      AUDIT_SINK_HTTP_URL: "https://c.example/",
      AUDIT_SINK_HTTP_SECRET: SECRET,
      AUDIT_SINK_HTTP_HEADER: "DD-API-KEY: abc123",
    };
    const config = loadAppConfig(env);
    expect(configSecrets(config, env)).toEqual(expect.arrayContaining([SECRET, "abc123"]));
  });
});
