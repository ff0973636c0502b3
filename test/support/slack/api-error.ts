type Json = Record<string, unknown>;

/** A Web API call Slack answers with `{ ok: false, error: code, ...extra }`. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly extra: Json = {},
  ) {
    super(code);
  }
}
