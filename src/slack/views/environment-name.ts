import { environmentLabel } from "../../factory/environment-label.ts";
import type { ActionDefinition } from "../../factory/types.ts";
import type { RequestRecord } from "../../requests/types.ts";

/** The request's environment as people read it: its label ("Production"), never the raw id. */
export function environmentName(
  request: Pick<RequestRecord, "environment">,
  action: ActionDefinition | undefined,
): string {
  return environmentLabel(action, request.environment);
}
