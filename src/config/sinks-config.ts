import { validate as isCronExpression } from "node-cron";
import { z } from "zod";
import { type ConfigIssues, issueLines, optionalText } from "./engine-config.ts";

const MB = 1024 * 1024;

const count = (fallback: number, max: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((text) => text || String(fallback))
    .refine((text) => /^\d{1,9}$/.test(text), `must be a whole number from 1 to ${max}`)
    .transform(Number)
    .refine((n) => n >= 1 && n <= max, `must be a whole number from 1 to ${max}`);

/** The sinks the audit trail is copied to, from the environment. */
export const sinksConfigSchema = z.object({
  AUDIT_SINK_HTTP_URL: optionalText.refine(
    (url) => url === undefined || /^https?:\/\/[^\s]+$/.test(url),
    "must be an http:// or https:// URL",
  ),
  AUDIT_SINK_HTTP_SECRET: optionalText.refine(
    (secret) => secret === undefined || Buffer.byteLength(secret) >= 32,
    "must be at least 32 bytes long (generate one with: openssl rand -hex 32)",
  ),
  AUDIT_SINK_HTTP_BATCH: count(500, 10_000),
  AUDIT_SINK_HTTP_HEADER: optionalText.refine(
    (header) => header === undefined || /^[A-Za-z0-9-]+:\s*\S/.test(header),
    'must be one header, "Name: value" (e.g. "Authorization: Splunk <token>")',
  ),
  AUDIT_SINK_FILE_DIR: optionalText,
  AUDIT_SINK_FILE_MAX_MB: count(100, 100_000),
  AUDIT_SINK_NATS_URL: optionalText.refine(
    (url) =>
      url === undefined || url.split(",").every((one) => /^(nats|tls):\/\/\S+$/.test(one.trim())),
    "must be a nats:// URL (or several, comma-separated)",
  ),
  AUDIT_SINK_NATS_SUBJECT: z
    .string()
    .trim()
    .default("four-eyes.audit")
    .pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, "must be a NATS subject without wildcards"),
    ),
  AUDIT_SINK_NATS_STREAM: optionalText.refine(
    (name) => name === undefined || /^[A-Za-z0-9_-]{1,64}$/.test(name),
    "must be a stream name (letters, digits, _ and -)",
  ),
  AUDIT_CHECKPOINT_CRON: z
    .string()
    .trim()
    .default("0 * * * *")
    .refine(
      (expression) => isCronExpression(expression),
      'must be a cron expression, like "0 * * * *" (hourly)',
    ),
});

export interface HttpSinkConfig {
  readonly url: string;
  readonly secret: string;
  readonly batchSize: number;
  readonly header: { readonly name: string; readonly value: string } | undefined;
}

export interface FileSinkConfig {
  readonly dir: string;
  readonly maxBytes: number;
}

export interface NatsSinkConfig {
  readonly url: string;
  readonly subject: string;
  readonly stream: string | undefined;
}

/** Where the audit trail is copied to; no sink configured: the trail stays in the database. */
export interface SinksConfig {
  readonly http: HttpSinkConfig | undefined;
  readonly file: FileSinkConfig | undefined;
  readonly nats: NatsSinkConfig | undefined;
  /** When a signed checkpoint is taken and sent after the events it covers (node-cron). */
  readonly checkpointCron: string;
}

export function anySink(config: SinksConfig): boolean {
  return config.http !== undefined || config.file !== undefined || config.nats !== undefined;
}

export function parseSinksConfig(
  env: Record<string, string | undefined>,
): { ok: true; config: SinksConfig } | { ok: false; issues: ConfigIssues } {
  const parsed = sinksConfigSchema.safeParse(env);
  if (!parsed.success) return { ok: false, issues: issueLines(parsed.error) };
  const c = parsed.data;
  if ((c.AUDIT_SINK_HTTP_URL === undefined) !== (c.AUDIT_SINK_HTTP_SECRET === undefined)) {
    return {
      ok: false,
      issues: [
        "  AUDIT_SINK_HTTP_SECRET: AUDIT_SINK_HTTP_URL and AUDIT_SINK_HTTP_SECRET go together (the secret signs every POST)",
      ],
    };
  }
  const header = c.AUDIT_SINK_HTTP_HEADER;
  const colon = header?.indexOf(":") ?? -1;
  return {
    ok: true,
    config: {
      http:
        c.AUDIT_SINK_HTTP_URL && c.AUDIT_SINK_HTTP_SECRET
          ? {
              url: c.AUDIT_SINK_HTTP_URL,
              secret: c.AUDIT_SINK_HTTP_SECRET,
              batchSize: c.AUDIT_SINK_HTTP_BATCH,
              header:
                header === undefined
                  ? undefined
                  : { name: header.slice(0, colon), value: header.slice(colon + 1).trim() },
            }
          : undefined,
      file: c.AUDIT_SINK_FILE_DIR
        ? { dir: c.AUDIT_SINK_FILE_DIR, maxBytes: c.AUDIT_SINK_FILE_MAX_MB * MB }
        : undefined,
      nats: c.AUDIT_SINK_NATS_URL
        ? {
            url: c.AUDIT_SINK_NATS_URL,
            subject: c.AUDIT_SINK_NATS_SUBJECT,
            stream: c.AUDIT_SINK_NATS_STREAM,
          }
        : undefined,
      checkpointCron: c.AUDIT_CHECKPOINT_CRON,
    },
  };
}

/** The sinks' values that must never be seen in a log line. */
export function sinkSecrets(config: SinksConfig): (string | undefined)[] {
  return [config.http?.secret, config.http?.header?.value];
}
