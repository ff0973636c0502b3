import { type Creation, creationIn } from "../audit/mask-export.ts";
import type { JsonObject } from "../core/json.ts";
import type { PrismaClient } from "../generated/prisma/client.ts";

/** Finds a request's creation in the trail (the sealed record, not the editable requests row). */
export function creationLookup(
  prisma: Pick<PrismaClient, "auditEvent">,
): (requestId: string) => Promise<Creation | null> {
  return async (requestId) => {
    const row = await prisma.auditEvent.findFirst({
      where: { requestId, type: "REQUEST_CREATED" },
      orderBy: { seq: "asc" },
      select: { type: true, details: true },
    });
    return row ? creationIn({ type: "REQUEST_CREATED", details: row.details as JsonObject }) : null;
  };
}
