/**
 * An expected "no": not the checker, already decided, not allowed. Callers turn it into a modal
 * error or an ephemeral reply; nothing about it is exceptional, so it is a value, not a throw.
 */
export interface Refusal<Code extends string = string> {
  readonly code: Code;
  /** Written for the person who tried: says what happened and, where it helps, what to do. */
  readonly message: string;
  /** Per-input messages (a param name, "checkers", "purpose"), for forms that mark each field. */
  readonly fields?: Readonly<Record<string, string>>;
}

export type Result<T, Code extends string = string> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly refusal: Refusal<Code> };

export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

export function refuse<Code extends string>(
  code: Code,
  message: string,
  fields?: Readonly<Record<string, string>>,
): { readonly ok: false; readonly refusal: Refusal<Code> } {
  return {
    ok: false,
    refusal: fields === undefined ? { code, message } : { code, message, fields },
  };
}
