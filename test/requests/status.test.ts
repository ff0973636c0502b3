import { describe, expect, it } from "vitest";
import {
  canTransition,
  DUPLICABLE_STATUSES,
  isClosed,
  REQUEST_STATUSES,
  type RequestStatus,
} from "../../src/requests/status.ts";

/**
 * The lifecycle, written out in full: the statuses each status may move to. `audit verify` checks
 * every sealed event against canTransition, so a change here changes what verify accepts.
 */
const ALLOWED: Readonly<Record<RequestStatus, readonly RequestStatus[]>> = {
  PENDING: ["PENDING", "APPROVED", "DECLINED", "CANCELLED", "EXPIRED"],
  APPROVED: ["EXECUTING"],
  EXECUTING: ["EXECUTING", "FINISHED", "FAILED"],
  FINISHED: [],
  FAILED: [],
  DECLINED: [],
  CANCELLED: [],
  EXPIRED: [],
};

const CLOSED: readonly RequestStatus[] = ["FINISHED", "FAILED", "DECLINED", "CANCELLED", "EXPIRED"];

/** Every (from, to) pair: 8 × 8 rows, each with the verdict the lifecycle gives it. */
const PAIRS = REQUEST_STATUSES.flatMap((from) =>
  REQUEST_STATUSES.map((to) => ({ from, to, allowed: ALLOWED[from].includes(to) })),
);

describe("REQUEST_STATUSES", () => {
  it("lists the eight statuses, open ones first, in lifecycle order", () => {
    expect(REQUEST_STATUSES).toEqual([
      "PENDING",
      "APPROVED",
      "EXECUTING",
      "FINISHED",
      "FAILED",
      "DECLINED",
      "CANCELLED",
      "EXPIRED",
    ]);
  });

  it("the table above covers every status, so the matrix below is complete", () => {
    expect(Object.keys(ALLOWED).sort()).toEqual([...REQUEST_STATUSES].sort());
    expect(PAIRS).toHaveLength(64);
  });
});

describe("canTransition: every status × every status", () => {
  it.each(PAIRS)("$from → $to: allowed $allowed", ({ from, to, allowed }) => {
    expect(canTransition(from, to)).toBe(allowed);
  });

  it("allows exactly 9 of the 64 moves", () => {
    expect(PAIRS.filter(({ from, to }) => canTransition(from, to))).toHaveLength(9);
  });

  it.each(REQUEST_STATUSES.filter((s) => s !== "PENDING"))(
    "nothing moves back to PENDING from %s",
    (from) => {
      expect(canTransition(from, "PENDING")).toBe(false);
    },
  );

  it.each([
    ["PENDING", "EXECUTING", "a request runs only once approved"],
    ["PENDING", "FINISHED", "a request cannot finish without running"],
    ["PENDING", "FAILED", "a request cannot fail without running"],
    ["APPROVED", "APPROVED", "an approved request is not approved again"],
    ["APPROVED", "FINISHED", "an approved request runs before it finishes"],
    ["APPROVED", "DECLINED", "an approved request cannot be declined"],
    ["APPROVED", "CANCELLED", "an approved request cannot be cancelled"],
    ["APPROVED", "EXPIRED", "an approved request does not expire"],
    ["EXECUTING", "APPROVED", "a running request does not go back"],
    ["EXECUTING", "CANCELLED", "a running request cannot be cancelled"],
  ] as const)("refuses %s → %s: %s", (from, to, _why) => {
    expect(canTransition(from, to)).toBe(false);
  });

  it.each([
    ["PENDING", "PENDING", "an approval short of the approvals required, a reminder, a re-routing"],
    ["EXECUTING", "EXECUTING", "a run resumed by another process"],
  ] as const)("lets %s stay %s: %s", (from, to, _why) => {
    expect(canTransition(from, to)).toBe(true);
  });
});

describe("isClosed", () => {
  it.each(REQUEST_STATUSES.map((status) => ({ status, closed: CLOSED.includes(status) })))(
    "$status: closed $closed",
    ({ status, closed }) => {
      expect(isClosed(status)).toBe(closed);
    },
  );

  it.each(CLOSED)("%s is terminal: it moves nowhere, not even to itself", (from) => {
    expect(REQUEST_STATUSES.filter((to) => canTransition(from, to))).toEqual([]);
  });

  it.each(REQUEST_STATUSES.filter((s) => !CLOSED.includes(s)))(
    "%s is open: it moves somewhere, and can reach a closed status",
    (from) => {
      const reachable = new Set<RequestStatus>([from]);
      for (let grew = true; grew; ) {
        grew = false;
        for (const at of [...reachable])
          for (const to of REQUEST_STATUSES)
            if (canTransition(at, to) && !reachable.has(to)) {
              reachable.add(to);
              grew = true;
            }
      }
      expect([...reachable].some(isClosed)).toBe(true);
    },
  );
});

describe("DUPLICABLE_STATUSES", () => {
  it("are the statuses a request ended in without running successfully", () => {
    expect(DUPLICABLE_STATUSES).toEqual(["DECLINED", "FAILED", "CANCELLED", "EXPIRED"]);
  });

  it.each(
    REQUEST_STATUSES.map((status) => ({
      status,
      duplicable: ["DECLINED", "FAILED", "CANCELLED", "EXPIRED"].includes(status),
    })),
  )("$status: duplicable $duplicable", ({ status, duplicable }) => {
    expect(DUPLICABLE_STATUSES.includes(status)).toBe(duplicable);
  });

  it("are all closed; FINISHED is the one closed status that is not duplicable", () => {
    expect(DUPLICABLE_STATUSES.every(isClosed)).toBe(true);
    expect(CLOSED.filter((s) => !DUPLICABLE_STATUSES.includes(s))).toEqual(["FINISHED"]);
  });
});
