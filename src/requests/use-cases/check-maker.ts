import type { ActionDefinition } from "../../factory/types.ts";
import { isAllowed } from "../directory.ts";
import type { UseCaseContext } from "./context.ts";
import { makerNotAllowedText } from "./refusals.ts";

/** Why `userId` may not request `action`, naming who may; null when they may. */
export async function whyNotMaker(
  ctx: UseCaseContext,
  action: ActionDefinition,
  userId: string,
): Promise<string | null> {
  return (await isAllowed(ctx.directory, userId, action.makers))
    ? null
    : makerNotAllowedText(ctx.directory, action);
}

/** The actions `userId` may request: every available one whose maker allow-list admits them. */
export async function requestableActions(
  ctx: UseCaseContext,
  userId: string,
): Promise<ActionDefinition[]> {
  const allowed: ActionDefinition[] = [];
  for (const action of ctx.actions.list()) {
    if (await isAllowed(ctx.directory, userId, action.makers)) allowed.push(action);
  }
  return allowed;
}
