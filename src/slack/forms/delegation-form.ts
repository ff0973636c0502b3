import { BLOCK, INPUT } from "../ids.ts";
import type { SubmittedView } from "./request-form.ts";
import { readText } from "./state.ts";

export interface DelegationForm {
  /** "" when none was chosen. */
  readonly delegateId: string;
  readonly startsAt: Date | null;
  readonly endsAt: Date | null;
}

/** A datetimepicker's Unix seconds as a Date; null when empty or malformed. */
function instant(seconds: string): Date | null {
  if (!/^\d{1,12}$/.test(seconds)) return null;
  return new Date(Number(seconds) * 1000);
}

export function parseDelegationForm(view: SubmittedView): DelegationForm {
  const values = view.state.values;
  return {
    delegateId: readText(values, BLOCK.delegate, INPUT),
    startsAt: instant(readText(values, BLOCK.awayFrom, INPUT)),
    endsAt: instant(readText(values, BLOCK.awayUntil, INPUT)),
  };
}

const FIELD_BLOCKS: Readonly<Record<string, string>> = {
  delegate: BLOCK.delegate,
  startsAt: BLOCK.awayFrom,
  endsAt: BLOCK.awayUntil,
};

/** The core's field errors as the delegation modal's block errors. */
export function delegationErrors(fields: Readonly<Record<string, string>>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [field, message] of Object.entries(fields)) {
    errors[FIELD_BLOCKS[field] ?? BLOCK.delegate] = message;
  }
  return errors;
}
