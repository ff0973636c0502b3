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
  /** PENDING requests where `checkerId` is a checker who has not approved yet, oldest first. */
  waitingFor(checkerId: string, limit: number): Promise<RequestList>;
  /** Requests `makerId` made, newest first. */
  madeBy(makerId: string, limit: number): Promise<RequestList>;
  /** Distinct team names containing `text` (case-insensitive), for the team filter's typeahead. */
  teams(text: string, limit: number): Promise<string[]>;
}
