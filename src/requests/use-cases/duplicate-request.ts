import { DUPLICABLE_STATUSES } from "../status.ts";
import type { Written } from "../store.ts";
import type { RequestRecord } from "../types.ts";
import { checkRequest } from "./change-request.ts";
import type { DecisionInput, UseCaseContext } from "./context.ts";
import { createRequest } from "./create-request.ts";
import type { NewRequestInput } from "./new-request-input.ts";
import { notDuplicable, notTheMaker, type Outcome } from "./refusals.ts";

/**
 * Whether `actorId` may duplicate the request: only its maker (a copy carries the maker's values,
 * sensitive ones included), and only once it ended without running. Asked before the form opens
 * filled in with it; a refusal is recorded like any other attempt.
 */
export function checkDuplicate(
  ctx: UseCaseContext,
  input: DecisionInput,
): Promise<Outcome<RequestRecord>> {
  return checkRequest(ctx, input, "duplicate", (original) =>
    original.makerId !== input.actorId
      ? notTheMaker(ctx.directory, original, "duplicate")
      : !DUPLICABLE_STATUSES.includes(original.status)
        ? notDuplicable(original)
        : null,
  );
}

/** Files a new PENDING request from a closed one, for its maker; `changes` are what they edited. */
export async function duplicateRequest(
  ctx: UseCaseContext,
  input: DecisionInput & Partial<NewRequestInput>,
): Promise<Outcome<Written>> {
  const allowed = await checkDuplicate(ctx, input);
  if (!allowed.ok) return allowed;
  const original = allowed.value;
  return createRequest(
    ctx,
    {
      actionId: input.actionId ?? original.actionId,
      environment: input.environment ?? original.environment,
      team: input.team ?? original.team,
      params: input.params ?? original.params,
      purpose: input.purpose ?? original.purpose,
      makerId: input.actorId,
      checkerIds: input.checkerIds ?? original.checkerIds,
      breakGlass: input.breakGlass,
    },
    original,
  );
}
