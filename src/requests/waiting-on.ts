import type { RequestRecord } from "./types.ts";

/** The checkers who have not approved yet: those a reminder is for. */
export function waitingOn(request: Pick<RequestRecord, "checkerIds" | "approvedBy">): string[] {
  return request.checkerIds.filter((id) => !request.approvedBy.includes(id));
}
