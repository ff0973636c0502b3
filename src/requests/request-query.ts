import type { RequestStatus } from "./status.ts";
import type { RequestRecord } from "./types.ts";

/** What "All requests" can be narrowed to; every field is optional and they combine with AND. */
export interface RequestFilter {
  readonly environment?: string;
  readonly team?: string;
  readonly makerId?: string;
  /** Requests where this user is one of the designated checkers. */
  readonly checkerId?: string;
  readonly actionId?: string;
  readonly status?: RequestStatus;
  /** Only requests run by breaking the glass. */
  readonly breakGlass?: boolean;
  /** Asked for on or after this UTC day ("2026-03-01"). */
  readonly createdFrom?: string;
  /** Asked for on or before this UTC day (the whole day counts). */
  readonly createdTo?: string;
}

const DAY_MS = 86_400_000;

/** The first moment of a UTC day given as "YYYY-MM-DD"; null when it is not a real day. */
export function startOfDay(day: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const at = new Date(`${day}T00:00:00.000Z`);
  return Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== day ? null : at;
}

/**
 * The moments a filter's days cover: from the start of `createdFrom` (inclusive) to the start of
 * the day after `createdTo` (exclusive). A day that is not a real date is ignored.
 */
export function createdRange(filter: RequestFilter): { from?: Date; before?: Date } {
  const from = filter.createdFrom === undefined ? null : startOfDay(filter.createdFrom);
  const to = filter.createdTo === undefined ? null : startOfDay(filter.createdTo);
  return {
    ...(from ? { from } : {}),
    ...(to ? { before: new Date(to.getTime() + DAY_MS) } : {}),
  };
}

/** Whether the filter's first day comes after its last: no request can match. */
export function invertedRange(filter: RequestFilter): boolean {
  return (
    filter.createdFrom !== undefined &&
    filter.createdTo !== undefined &&
    filter.createdFrom > filter.createdTo
  );
}

/**
 * Keyset paging over request numbers (newest first): `olderThan` pages forward ("Next"),
 * `newerThan` pages back ("Previous"); neither is the first page.
 */
export interface PageCursor {
  readonly olderThan?: number;
  readonly newerThan?: number;
}

export interface RequestPage {
  /** Newest first. */
  readonly requests: readonly RequestRecord[];
  /** There are newer requests than the first of this page (a "Previous" page). */
  readonly hasNewer: boolean;
  /** There are older requests than the last of this page (a "Next" page). */
  readonly hasOlder: boolean;
}

export interface RequestList {
  readonly requests: readonly RequestRecord[];
  /** How many there are in all (the list may show fewer). */
  readonly total: number;
}

/** Read-only questions the Home tab asks; answered with indexed queries. */
export interface RequestQuery {
  list(filter: RequestFilter, cursor: PageCursor, limit: number): Promise<RequestPage>;
  /**
   * How many requests match `filter`; with `newerThan`, only those numbered above it (the rows
   * before a page, for "21–40 of 57").
   */
  count(filter: RequestFilter, options?: { readonly newerThan?: number }): Promise<number>;
  /** PENDING requests where `checkerId` is a checker who has not approved yet, oldest first. */
  waitingFor(checkerId: string, limit: number): Promise<RequestList>;
  /** Requests `makerId` made, newest first. */
  madeBy(makerId: string, limit: number): Promise<RequestList>;
  /** Distinct team names containing `text` (case-insensitive), for the team filter's typeahead. */
  teams(text: string, limit: number): Promise<string[]>;
}
