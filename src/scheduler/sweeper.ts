import { randomUUID } from "node:crypto";
import type { Clock } from "../core/clock.ts";
import { describeError } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";
import type { DelegationService } from "../requests/delegation-service.ts";
import type { ExecutionRunner } from "../requests/execution-runner.ts";
import { requestLogFields } from "../requests/log-fields.ts";
import { type RepeatSealing, repeatSealing } from "../requests/refused-attempts.ts";
import type { RequestService } from "../requests/request-service.ts";
import type { RequestStore, Scheduler } from "../requests/store.ts";
import type { RequestRecord } from "../requests/types.ts";

export interface SweepReport {
  reminded: number;
  escalated: number;
  expired: number;
  /** Approved requests that had not started, started now. */
  started: number;
  /** Executions whose process stopped, resumed or marked failed. */
  recovered: number;
  /** Delegations that started since: their checkers' pending requests re-routed. */
  delegations: number;
  /** Repeated refused attempts whose window closed, sealed as one event each with their count. */
  repeatedRefusals: number;
  /** Claimed but could not be handled (e.g. Slack could not list a user group): retried later. */
  failed: number;
}

export interface SweeperOptions {
  readonly store: RequestStore;
  readonly requests: RequestService;
  readonly runner: ExecutionRunner;
  readonly schedule: Scheduler;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Delegations to start; none when absent. */
  readonly delegations?: Pick<DelegationService, "activateStarted"> | null;
  readonly batchSize?: number;
  /** How long a claimed request is this sweep's; if the process dies, it is due again after. */
  readonly claimMs?: number;
  /**
   * Claims executions whose process is certainly gone before their lease runs out (an earlier
   * run of this process: see lease-takeover.ts); none when absent.
   */
  readonly orphans?: (() => Promise<RequestRecord[]>) | null;
  /** How repeated refused attempts are sealed once their window closes. */
  readonly repeats?: RepeatSealing;
}

export const emptyReport = (): SweepReport => ({
  reminded: 0,
  escalated: 0,
  expired: 0,
  started: 0,
  recovered: 0,
  delegations: 0,
  repeatedRefusals: 0,
  failed: 0,
});

/**
 * Finds the requests whose time has come, from the indexed `due_at` column, and moves each on:
 * reminders, escalation, expiry, approved requests that never started, executions whose
 * process died. Each request is claimed in the database first, so replicas sweeping at the same
 * moment share the work rather than repeat it; the compare-and-set of every change is the
 * second guard.
 */
export class Sweeper {
  readonly #o: Required<SweeperOptions>;

  constructor(options: SweeperOptions) {
    this.#o = {
      batchSize: 100,
      claimMs: 2 * 60_000,
      delegations: null,
      orphans: null,
      repeats: repeatSealing(randomUUID),
      ...options,
    };
  }

  async sweep(): Promise<SweepReport> {
    const report = emptyReport();
    if (this.#o.delegations) {
      try {
        report.delegations = await this.#o.delegations.activateStarted();
      } catch (error) {
        report.failed++;
        this.#o.logger.error(
          `sweep: could not start delegations (${describeError(error)}); the next sweep tries again.`,
        );
      }
    }
    if (this.#o.orphans) {
      try {
        for (const request of await this.#o.orphans()) await this.#handle(request, report);
      } catch (error) {
        report.failed++;
        this.#o.logger.error(
          `sweep: could not look for executions left by an earlier run (${describeError(error)}); their leases run out as usual.`,
        );
      }
    }
    await this.#sealRepeatedRefusals(report);
    for (;;) {
      const now = this.#o.clock.now();
      const due = await this.#o.store.claimDue(now, this.#o.batchSize, this.#o.claimMs);
      for (const request of due) await this.#handle(request, report);
      if (due.length < this.#o.batchSize) return report;
    }
  }

  /** Counts kept in the database, so whichever replica sweeps first seals them, once. */
  async #sealRepeatedRefusals(report: SweepReport): Promise<void> {
    try {
      for (;;) {
        const { store, clock, repeats, batchSize } = this.#o;
        const sealed = await store.sealRepeats(clock.now(), repeats, batchSize);
        report.repeatedRefusals += sealed;
        if (sealed < batchSize) return;
      }
    } catch (error) {
      report.failed++;
      this.#o.logger.error(
        `sweep: could not seal repeated refusals (${describeError(error)}); the next sweep tries again.`,
      );
    }
  }

  /**
   * Recomputes when every pending request is due, for settings changed since it was written
   * (a shorter STALE_AFTER must not wait for the old schedule). Returns how many it rescheduled.
   * Running requests are left alone: their due time is the lease their process keeps renewing.
   */
  async rescheduleOpen(batch = 500): Promise<number> {
    let after = 0;
    let changed = 0;
    for (;;) {
      const open = await this.#o.store.findOpen(after, batch);
      for (const request of open) {
        if (request.status !== "PENDING") continue;
        if (await this.#o.store.reschedule(request, this.#o.schedule(request))) changed++;
      }
      const last = open.at(-1);
      if (!last || open.length < batch) return changed;
      after = last.number;
    }
  }

  async #handle(request: RequestRecord, report: SweepReport): Promise<void> {
    try {
      switch (request.status) {
        case "PENDING": {
          const outcome = await this.#o.requests.advancePending(request.id);
          if (outcome.kind !== "not-due") report[outcome.kind]++;
          if (outcome.kind === "escalated" && outcome.request.escalatedTo.length === 0) {
            this.#o.logger.warn(
              `#${outcome.request.number} was escalated, but its escalate_to group has no members besides the maker: nobody was told.`,
              requestLogFields(outcome.request),
            );
          } else if (outcome.request?.status === "PENDING") {
            // Claimed but not due (settings changed): back to its real schedule.
            await this.#o.store.reschedule(outcome.request, this.#o.schedule(outcome.request));
          }
          return;
        }
        case "APPROVED":
          report.started++;
          void this.#o.runner.run(request.id);
          return;
        case "EXECUTING":
          report.recovered++;
          this.#o.logger.warn(
            `#${request.number} was left running by a process that stopped; resuming it.`,
            requestLogFields(request),
          );
          void this.#o.runner.resumeInterrupted(request.id, request);
          return;
        default:
          await this.#o.store.reschedule(request, null);
      }
    } catch (error) {
      report.failed++;
      this.#o.logger.error(
        `sweep: could not move #${request.number} on (${describeError(error)}); it is retried when its claim runs out.`,
        { ...requestLogFields(request), err: error },
      );
    }
  }
}
