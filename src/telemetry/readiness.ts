import { describeError } from "../core/errors.ts";

export interface ReadinessProbes {
  /** Resolves when the database answers a query. */
  database(): Promise<void>;
  /** Migrations the code has and the database lacks. */
  pendingMigrations(): Promise<readonly string[]>;
  /** Whether Slack accepted the bot token (auth.test) when the bot started. */
  slackAuthenticated(): boolean;
  /** Whether the outbox dispatcher is sending. */
  dispatcherRunning(): boolean;
}

export interface CheckResult {
  readonly ok: boolean;
  readonly detail: string;
}

export interface ReadinessReport {
  readonly ready: boolean;
  readonly checks: {
    readonly database: CheckResult;
    readonly migrations: CheckResult;
    readonly slack: CheckResult;
    readonly outbox: CheckResult;
  };
}

/** A probe that hangs (a database behind a dead connection) must not hang the load balancer. */
const PROBE_TIMEOUT_MS = 2_000;

/**
 * What /readyz answers: ready only when the bot could do its work end to end, each check with a
 * plain reason, so that the operator reading the response knows what to fix.
 */
export async function checkReadiness(
  probes: ReadinessProbes,
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<ReadinessReport> {
  const database = await settle(probes.database(), timeoutMs).then(
    (): CheckResult => ({ ok: true, detail: "reachable" }),
    (error: unknown): CheckResult => ({
      ok: false,
      detail: `unreachable: ${describeError(error)}`,
    }),
  );
  const migrations = database.ok
    ? await settle(probes.pendingMigrations(), timeoutMs).then(
        (pending): CheckResult =>
          pending.length === 0
            ? { ok: true, detail: "applied" }
            : { ok: false, detail: `pending: ${pending.join(", ")} (run npm run db:migrate)` },
        (error: unknown): CheckResult => ({
          ok: false,
          detail: `cannot read: ${describeError(error)}`,
        }),
      )
    : { ok: false, detail: "unknown: the database is unreachable" };
  const slack: CheckResult = probes.slackAuthenticated()
    ? { ok: true, detail: "auth.test passed" }
    : { ok: false, detail: "the bot token has not been verified yet" };
  const outbox: CheckResult = probes.dispatcherRunning()
    ? { ok: true, detail: "dispatcher running" }
    : { ok: false, detail: "dispatcher stopped" };
  const checks = { database, migrations, slack, outbox };
  return { ready: Object.values(checks).every((check) => check.ok), checks };
}

function settle<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
