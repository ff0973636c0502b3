import { readFile } from "node:fs/promises";
import { type Document, LineCounter, parseDocument, type YAMLError } from "yaml";
import { z } from "zod";
import { ConfigError, describeError } from "../core/errors.ts";
import { actionFields, approvalsReachable, definitionFields } from "./action-fields.ts";
import {
  configErrorMap,
  formatPath,
  issuePath,
  strictObject,
  uniqueBy,
  wholeNumber,
} from "./config-issues.ts";
import { isHttpUrl } from "./param-values.ts";
import { buildParamsSchema } from "./params.ts";
import {
  templateFields,
  templatesMatchParams,
  templatesOf,
  webhookSystem,
} from "./summary-template.ts";
import type { ActionDefinition } from "./types.ts";
import { createWebhookExecutor } from "./webhook-executor.ts";
import {
  INSECURE_HTTP_PROBLEM,
  insecureHttpWarning,
  isInsecureRemote,
} from "./webhook-transport.ts";
import { lineOf } from "./yaml-lines.ts";

/** Environment variables, passed in so that loading never depends on the process's own. */
export type Env = Readonly<Record<string, string | undefined>>;

export interface LoadActionsFileOptions {
  /** False when the path is only the default: a missing file then means "no file actions". */
  readonly required?: boolean;
}

/**
 * A webhook action left out because its secret is not set: environment, not a broken file, so
 * start-up goes on without it (an unsigned webhook can never fire) and says so.
 */
export interface UnavailableAction {
  readonly id: string;
  readonly title: string;
  /** Completes "Action "<id>" is disabled: …", e.g. "set X to enable it (…)". */
  readonly reason: string;
}

/** What a file yields: the actions it offers and those it cannot offer yet. */
export interface ActionsFileContents {
  readonly actions: ActionDefinition[];
  readonly unavailable: UnavailableAction[];
  /** The variables named by `secret_env`: their values must never be logged. */
  readonly secretVariables: string[];
  /** What start-up warns about: actions that accepted plain http to another machine. */
  readonly warnings: string[];
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function actionsFileSchema() {
  const executor = strictObject({
    type: z.literal("webhook"),
    url: z.string().refine(isHttpUrl, "must be an http:// or https:// URL"),
    // Only the name is the file's business; whether it is set is checked once the file is valid.
    secret_env: z
      .string()
      .refine(
        (name) => ENV_NAME.test(name),
        "must be the name of an environment variable, like BILLING_WEBHOOK_SECRET",
      ),
    timeout_ms: wholeNumber().min(100).max(120_000).default(10_000),
    allow_insecure_http: z.boolean().default(false),
  });
  const transport = executor.check((ctx) => {
    const { url, allow_insecure_http } = ctx.value;
    if (allow_insecure_http || !isInsecureRemote(url)) return;
    ctx.issues.push({ code: "custom", input: url, path: ["url"], message: INSECURE_HTTP_PROBLEM });
  });
  // Approval only: nothing runs; the decision is the outcome (a workflow step goes on with it).
  const none = strictObject({ type: z.literal("none") });
  const runs = z.discriminatedUnion("type", [transport, none], {
    error: 'must be "webhook" (a signed HTTP call) or "none" (approval only)',
  });
  const action = strictObject({ ...actionFields, ...templateFields, executor: runs })
    .check(approvalsReachable)
    .check(templatesMatchParams);
  return strictObject({ actions: z.array(action).check(uniqueBy("id", "action")) });
}

type FileAction = z.output<ReturnType<typeof actionsFileSchema>>["actions"][number];
type WebhookAction = Omit<FileAction, "executor"> & {
  readonly executor: Extract<FileAction["executor"], { type: "webhook" }>;
};

export async function loadActionsFile(
  path: string,
  env: Env,
  options: LoadActionsFileOptions = {},
): Promise<ActionsFileContents> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as { code?: unknown }).code === "ENOENT") {
      if (options.required === false) {
        return { actions: [], unavailable: [], secretVariables: [], warnings: [] };
      }
      throw new ConfigError(`ACTIONS_FILE ${path} does not exist`, { cause: error });
    }
    throw new ConfigError(`ACTIONS_FILE ${path} could not be read: ${describeError(error)}`, {
      cause: error,
    });
  }
  return parseActionsFile(text, path, env);
}

/** `file` is only used in messages, so they point at the file the person edits. */
export function parseActionsFile(text: string, file: string, env: Env): ActionsFileContents {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length > 0) {
    throw invalid(
      file,
      doc.errors.map((error) => syntaxProblem(file, error)),
    );
  }
  const data: unknown = doc.toJS();
  if (data === null || data === undefined) {
    throw new ConfigError(`ACTIONS_FILE ${file} is empty: it needs an "actions:" list`);
  }
  const parsed = actionsFileSchema().safeParse(data, {
    error: configErrorMap,
    reportInput: true,
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) =>
      describeIssue(issuePath(issue), issue.message, { file, data, doc, lines }),
    );
    throw invalid(file, problems);
  }
  const contents: ActionsFileContents = {
    actions: [],
    unavailable: [],
    secretVariables: [],
    warnings: [],
  };
  for (const declared of parsed.data.actions) {
    const { executor } = declared;
    if (executor.type === "none") {
      contents.actions.push(approvalOnly(declared));
      continue;
    }
    const action: WebhookAction = { ...declared, executor };
    contents.secretVariables.push(action.executor.secret_env);
    if (isInsecureRemote(action.executor.url)) {
      contents.warnings.push(insecureHttpWarning(action.id, action.executor.url));
    }
    const secret = env[action.executor.secret_env];
    if (secret?.trim()) contents.actions.push(toDefinition(action, secret));
    else contents.unavailable.push(unavailable(action));
  }
  return contents;
}

function unavailable(action: WebhookAction): UnavailableAction {
  return {
    id: action.id,
    title: action.title,
    reason: `set ${action.executor.secret_env} to enable it (its webhook requests must be signed)`,
  };
}

interface Problem {
  readonly line: number | undefined;
  readonly text: string;
}

function invalid(file: string, problems: Problem[]): ConfigError {
  // Top to bottom, the order someone fixing the file works in; unlocated ones last.
  const sorted = problems
    .map((problem, index) => ({ ...problem, index }))
    .sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity) || a.index - b.index);
  const count = `${problems.length} problem${problems.length === 1 ? "" : "s"}`;
  return new ConfigError(
    [`ACTIONS_FILE ${file} is invalid (${count}):`, ...sorted.map((p) => `  ${p.text}`)].join("\n"),
  );
}

function syntaxProblem(file: string, error: YAMLError): Problem {
  const position = error.linePos?.[0];
  // The library appends " at line N, column M:" and a code frame; the position is shown ours.
  const message = (error.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "");
  const where = position ? `${file}:${position.line}` : file;
  const column = position ? ` (column ${position.col})` : "";
  return { line: position?.line, text: `${where}: YAML syntax error: ${message}${column}` };
}

function describeIssue(
  path: readonly PropertyKey[],
  message: string,
  source: { file: string; data: unknown; doc: Document; lines: LineCounter },
): Problem {
  const line = lineOf(source.doc, source.lines, path);
  const where = line === undefined ? source.file : `${source.file}:${line}`;
  const index = path[1];
  const inAction = path[0] === "actions" && typeof index === "number";
  const subject = inAction ? `action ${actionLabel(source.data, index)}` : "";
  const field = formatPath(inAction ? path.slice(2) : path);
  const parts = [where, subject, field, message].filter((part) => part !== "");
  return { line, text: parts.join(": ") };
}

function actionLabel(data: unknown, index: number): string {
  const actions = (data as { actions?: unknown } | null)?.actions;
  const action: unknown = Array.isArray(actions) ? actions[index] : undefined;
  const id = (action as { id?: unknown } | null | undefined)?.id;
  return typeof id === "string" && id.trim() !== "" ? `"${id}"` : `#${index + 1} (no id)`;
}

/** An action whose approval is all there is: it "runs" at once, doing nothing, with no result. */
function approvalOnly(action: FileAction): ActionDefinition {
  const { executor: _none, summary, outcome, system, ...declared } = action;
  const fields = definitionFields(declared);
  return {
    ...fields,
    ...templatesOf({ summary, outcome, system }),
    source: "actions-file",
    schema: buildParamsSchema(fields.params),
    idempotent: true,
    execute: async () => ({ ok: true, result: null }),
  };
}

function toDefinition(action: WebhookAction, secret: string): ActionDefinition {
  const { executor, summary, outcome, system, ...declared } = action;
  const fields = definitionFields(declared);
  return {
    ...fields,
    ...templatesOf({ summary, outcome, system: system ?? webhookSystem(executor.url) }),
    source: "actions-file",
    schema: buildParamsSchema(fields.params),
    // The receiver dedupes on Idempotency-Key, so an interrupted run may safely be sent again.
    idempotent: true,
    execute: createWebhookExecutor({
      url: executor.url,
      secret,
      timeoutMs: executor.timeout_ms,
    }),
  };
}
