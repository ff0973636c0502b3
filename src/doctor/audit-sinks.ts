import { buildSinks } from "../audit/sinks/build-sinks.ts";
import { parseSinksConfig } from "../config/sinks-config.ts";
import { systemClock } from "../core/clock.ts";
import { describeError } from "../core/errors.ts";
import type { Env } from "../factory/actions-file.ts";
import { type CheckResult, failed, passed } from "./check-result.ts";

/** What each kind of sink's probe does, for the checklist line. */
const PROBES: Readonly<Record<string, string>> = {
  http: "a signed POST with an empty body was answered 2xx",
  file: "the directory exists (or was created) and is writable",
  nats: "connected, and JetStream has the stream (created when AUDIT_SINK_NATS_STREAM names a missing one)",
};

const FIXES: Readonly<Record<string, string>> = {
  http: "Check AUDIT_SINK_HTTP_URL, that the collector runs, and that it accepts AUDIT_SINK_HTTP_SECRET's signature (and AUDIT_SINK_HTTP_HEADER).",
  file: "Check AUDIT_SINK_FILE_DIR: it must be a directory the bot's user can write to.",
  nats: "Check AUDIT_SINK_NATS_URL, that the server runs JetStream, and that a stream captures AUDIT_SINK_NATS_SUBJECT (or set AUDIT_SINK_NATS_STREAM for the bot to create one).",
};

/**
 * Reaches each configured audit sink without delivering anything: an empty signed POST (the
 * collector sees the signature, and a 2xx proves it accepts it), a writable directory, a NATS
 * connection and the stream's info. Nothing configured: nothing to report.
 */
export async function checkAuditSinks(
  env: Env,
  fetch: typeof globalThis.fetch = globalThis.fetch,
): Promise<CheckResult[]> {
  const parsed = parseSinksConfig(env);
  if (!parsed.ok) return []; // The configuration check lists the problem.
  const sinks = buildSinks(parsed.config, { clock: systemClock, fetch });
  return Promise.all(
    sinks.map(async (sink) => {
      try {
        await sink.probe();
        return passed(`Audit sink ${sink.name}: reachable (${PROBES[sink.name]})`);
      } catch (error) {
        return failed(`Audit sink ${sink.name}: not reachable: ${describeError(error)}`, {
          fix: FIXES[sink.name] ?? "Check the sink's AUDIT_SINK_* variables.",
        });
      } finally {
        await sink.close();
      }
    }),
  );
}
