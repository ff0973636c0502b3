/**
 * The custom workflow steps manifest.yml declares (`functions:`), as Slack reads them: each
 * parameter group is `{ properties: { name: { type, title, … } }, required: [names] }`.
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { MANIFEST_PATH } from "../../../src/doctor/manifest.ts";

type Json = Record<string, unknown>;

/** One parameter as the function_executed event lists it. */
export interface FunctionParameter {
  type: string;
  name: string;
  description: string | undefined;
  title: string | undefined;
  is_required: boolean;
}

export interface FunctionDefinition {
  callbackId: string;
  title: string;
  description: string | undefined;
  inputParameters: FunctionParameter[];
  outputParameters: FunctionParameter[];
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function parameters(group: unknown, where: string): FunctionParameter[] {
  if (group === undefined) return [];
  if (!isObject(group) || !isObject(group.properties)) {
    throw new Error(`${where} needs a properties map`);
  }
  const required = Array.isArray(group.required) ? group.required : [];
  return Object.entries(group.properties).map(([name, spec]) => {
    if (!isObject(spec) || typeof spec.type !== "string") {
      throw new Error(`${where}.${name} needs a type`);
    }
    if (spec.is_required === true && !required.includes(name)) {
      throw new Error(`${where}.${name} says is_required but is not in ${where}.required`);
    }
    return {
      type: spec.type,
      name,
      description: text(spec.description),
      title: text(spec.title),
      is_required: required.includes(name),
    };
  });
}

/** The `functions:` of a manifest, by callback_id. */
export function parseManifestFunctions(manifest: string): Map<string, FunctionDefinition> {
  const doc: unknown = parse(manifest);
  const functions = isObject(doc) && isObject(doc.functions) ? doc.functions : {};
  const found = new Map<string, FunctionDefinition>();
  for (const [callbackId, spec] of Object.entries(functions)) {
    if (!isObject(spec) || typeof spec.title !== "string") {
      throw new Error(`functions.${callbackId} needs a title`);
    }
    const where = `functions.${callbackId}`;
    found.set(callbackId, {
      callbackId,
      title: spec.title,
      description: text(spec.description),
      inputParameters: parameters(spec.input_parameters, `${where}.input_parameters`),
      outputParameters: parameters(spec.output_parameters, `${where}.output_parameters`),
    });
  }
  return found;
}

let fromManifest: Map<string, FunctionDefinition> | undefined;

/** manifest.yml's steps, read once. */
export function manifestFunctions(): Map<string, FunctionDefinition> {
  fromManifest ??= parseManifestFunctions(readFileSync(MANIFEST_PATH, "utf8"));
  return fromManifest;
}

export type ValueCheck = (value: unknown) => string | undefined;

/**
 * What a value of each parameter type must be, or why it is not. `isUser` says whether a user id
 * is someone in the workspace. Slack's timestamps are whole Unix seconds.
 */
export function checkValue(
  type: string,
  value: unknown,
  isUser: (id: string) => boolean,
): string | undefined {
  switch (type) {
    case "string":
      return typeof value === "string" ? undefined : "must be a string";
    case "integer":
      return Number.isInteger(value) ? undefined : "must be an integer";
    case "number":
      return typeof value === "number" && Number.isFinite(value) ? undefined : "must be a number";
    case "boolean":
      return typeof value === "boolean" ? undefined : "must be a boolean";
    case "slack#/types/user_id":
      if (typeof value !== "string") return "must be a user id string";
      return isUser(value) ? undefined : `names no user in the workspace (${value})`;
    case "slack#/types/timestamp":
      if (!Number.isInteger(value)) return "must be a Unix timestamp in whole seconds";
      // Milliseconds are the usual mistake: 1.7e12 seconds is tens of thousands of years away.
      return (value as number) >= 0 && (value as number) < 1e11
        ? undefined
        : "must be a Unix timestamp in seconds (this looks like milliseconds)";
    default:
      throw new Error(`The stand-in cannot check parameters of type ${type}`);
  }
}

/** Problems with `values` against `params`: missing required ones, unknown names, bad types. */
export function parameterProblems(
  params: readonly FunctionParameter[],
  values: Json,
  isUser: (id: string) => boolean,
): string[] {
  const problems: string[] = [];
  for (const param of params) {
    const value = values[param.name];
    if (value === undefined) {
      if (param.is_required) problems.push(`missing required parameter: ${param.name}`);
      continue;
    }
    const problem = checkValue(param.type, value, isUser);
    if (problem) problems.push(`${param.name} ${problem} (type ${param.type})`);
  }
  const known = new Set(params.map((param) => param.name));
  for (const name of Object.keys(values)) {
    if (!known.has(name)) problems.push(`unknown parameter: ${name}`);
  }
  return problems;
}
