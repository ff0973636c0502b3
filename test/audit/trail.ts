import { builtinActions } from "../../src/actions/index.ts";
import { ManualClock } from "../../src/core/clock.ts";
import { PrismaRequestStore } from "../../src/db/prisma-request-store.ts";
import { ActionRegistry } from "../../src/factory/registry.ts";
import type { PrismaClient } from "../../src/generated/prisma/client.ts";
import { staticDirectory } from "../../src/requests/directory.ts";
import { DEFAULT_LIMITS } from "../../src/requests/limits.ts";
import type { Outcome } from "../../src/requests/request-service.ts";
import { RequestService } from "../../src/requests/request-service.ts";
import { auditKeyFrom } from "../../src/trail/key.ts";

export const AUDIT_KEY = "x".repeat(32);
export const key = auditKeyFrom(AUDIT_KEY);
export const MAKER = "U1MAKER";
export const CHECKER = "U2CHECK";
export const START = "2026-01-05T09:00:00.000Z";

export function auditService(prisma: PrismaClient, clock = new ManualClock(START)) {
  return new RequestService({
    store: new PrismaRequestStore(prisma, key),
    actions: new ActionRegistry(builtinActions),
    clock,
    directory: staticDirectory(),
    environments: ["production"],
    // The trail files more requests than one maker may in ten minutes.
    limits: { ...DEFAULT_LIMITS, requestRate: { count: 999_999, windowMs: 60_000 } },
  });
}

export function value<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(`${outcome.refusal.code}: ${outcome.refusal.message}`);
  return outcome.value;
}

export async function createNote(service: RequestService, note: string, makerId = MAKER) {
  const written = await service.createRequest({
    actionId: "post-note",
    environment: "production",
    team: "Platform",
    params: { note, audience: "engineering" },
    purpose: "Tell people before it happens",
    makerId,
    checkerIds: [CHECKER],
  });
  return value(written).request;
}

/** What `populate` wrote: 5 requests, 12 events, one event a minute from START. */
export interface Trail {
  readonly events: number;
  readonly requests: number;
  /** Request numbers by what happened to them. */
  readonly finished: number;
  readonly declined: number;
  readonly cancelled: number;
  readonly pending: number;
  readonly duplicate: number;
}

/**
 * A history with every kind of event the service writes: run, declined, cancelled, refused
 * attempts (on a request and on a create), a duplicate. #1, #3 and #4 are not referenced by
 * another request, so their rows can be deleted and restored without the foreign key
 * (ON DELETE SET NULL) changing other rows.
 */
export async function populate(prisma: PrismaClient): Promise<Trail> {
  const clock = new ManualClock(START);
  const service = auditService(prisma, clock);
  const tick = () => clock.advance(60_000);

  const finished = await createNote(service, "Deploy freeze starts Friday"); // 1
  tick();
  value(await service.approveRequest({ requestId: finished.id, actorId: CHECKER })); // 2
  tick();
  value(await service.executeRequest(finished.id)); // 3, 4
  tick();
  const declined = await createNote(service, "Everyone, please reboot"); // 5
  tick();
  const reason = 'Not now, it is "freeze" week';
  value(await service.declineRequest({ requestId: declined.id, actorId: CHECKER, reason })); // 6
  tick();
  const cancelled = await createNote(service, "Typo"); // 7
  tick();
  value(await service.cancelRequest({ requestId: cancelled.id, actorId: MAKER, reason: "typo" })); // 8
  tick();
  const pending = await createNote(service, "Lunch at noon"); // 9
  tick();
  // The maker approving their own request: refused, and recorded.
  await service.approveRequest({ requestId: pending.id, actorId: MAKER }); // 10
  tick();
  const duplicate = value(
    await service.duplicateRequest({ requestId: declined.id, actorId: MAKER }),
  ).request; // 11
  tick();
  // Naming oneself as checker: refused before any request exists.
  await service.createRequest({
    actionId: "post-note",
    environment: "production",
    team: "Platform",
    params: { note: "Self-checked" },
    purpose: "Trying my luck",
    makerId: MAKER,
    checkerIds: [MAKER],
  }); // 12
  return {
    events: 12,
    requests: 5,
    finished: finished.number,
    declined: declined.number,
    cancelled: cancelled.number,
    pending: pending.number,
    duplicate: duplicate.number,
  };
}
