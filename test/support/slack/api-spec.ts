/**
 * Slack's own description of the Web API methods the stand-in answers (spec/web-api.json, vendored
 * from Slack's 2020 OpenAPI 2 spec by scripts/vendor-slack-spec.mjs, plus spec/functions.json for
 * newer methods), and the checks Slack makes before a method runs: the method exists, the token
 * is of a kind the method takes, and every required argument is there.
 */
import { readFileSync } from "node:fs";
import { ApiError } from "./api-error.ts";

type Json = Record<string, unknown>;

export type TokenKind = "bot" | "user" | "app";

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
}

interface Operation {
  parameters: Parameter[];
  security: Record<string, string[]>[];
  responses: { default?: { schema?: { properties?: { error?: { enum?: string[] } } } } };
  externalDocs?: { url: string };
}

interface SpecDocument {
  paths: Record<string, Record<string, Operation>>;
}

export interface MethodSpec {
  method: string;
  /** Arguments the method cannot run without (the token aside). */
  required: string[];
  /** The error codes Slack documents for the method. */
  errors: string[];
  tokenKinds: TokenKind[];
  docs: string | undefined;
}

/** Slack's OAuth tokens (bot and user) vs app-level tokens, by security scheme. */
const TOKEN_KINDS: Record<string, TokenKind[]> = {
  slackAuth: ["bot", "user"],
  slackAppToken: ["app"],
};

function load(file: string): SpecDocument {
  return JSON.parse(readFileSync(new URL(`./spec/${file}`, import.meta.url), "utf8"));
}

function describeMethod(method: string, operation: Operation): MethodSpec {
  const schemes = operation.security.flatMap((requirement) => Object.keys(requirement));
  const tokenKinds = [...new Set(schemes.flatMap((scheme) => TOKEN_KINDS[scheme] ?? []))];
  if (tokenKinds.length === 0) throw new Error(`${method}: no known security scheme`);
  return {
    method,
    required: operation.parameters
      .filter((p) => p.required === true && p.name !== "token")
      .map((p) => p.name),
    errors: operation.responses.default?.schema?.properties?.error?.enum ?? [],
    tokenKinds,
    docs: operation.externalDocs?.url,
  };
}

function loadMethods(): Map<string, MethodSpec> {
  const methods = new Map<string, MethodSpec>();
  for (const file of ["web-api.json", "functions.json"]) {
    for (const [path, operations] of Object.entries(load(file).paths)) {
      const method = path.replace(/^\//, "");
      const operation = Object.values(operations)[0];
      if (operation) methods.set(method, describeMethod(method, operation));
    }
  }
  return methods;
}

/** Every method the vendored spec describes, by name. */
export const SPEC_METHODS: ReadonlyMap<string, MethodSpec> = loadMethods();

/**
 * When an argument is missing, Slack answers with the method's own error where it documents one
 * for that argument (chat.postMessage without a channel: channel_not_found), otherwise with
 * invalid_arguments naming it.
 */
const MISSING_ARGUMENT_ERRORS: Record<string, string> = {
  channel: "channel_not_found",
  ts: "message_not_found",
  message_ts: "message_not_found",
  user: "user_not_found",
  users: "users_list_not_supplied",
};

function isMissing(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

/** Throws the error Slack answers with when the call cannot reach the method itself. */
export function checkCall(method: string, args: Json, tokenKind: TokenKind): MethodSpec {
  const spec = SPEC_METHODS.get(method);
  if (!spec) throw new ApiError("unknown_method");
  if (!spec.tokenKinds.includes(tokenKind)) throw new ApiError("not_allowed_token_type");
  const missing = spec.required.filter((name) => isMissing(args[name]));
  const first = missing[0];
  if (first === undefined) return spec;
  const specific = MISSING_ARGUMENT_ERRORS[first];
  if (specific && spec.errors.includes(specific)) throw new ApiError(specific);
  throw new ApiError("invalid_arguments", {
    response_metadata: {
      messages: missing.map((name) => `[ERROR] missing required field: ${name}`),
    },
  });
}
