/**
 * Workflow Builder running the app's custom steps: each execution has its ids, a just-in-time
 * workflow token (`xwfp-…`) and a status, and ends when the app calls functions.completeSuccess or
 * functions.completeError (or the workflow's author stops it). Slack's side of
 * api.slack.com/events/function_executed and the two methods' pages.
 */
import { randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import { DEFAULT_WAIT_MS, type WaitOptions, waitForItem } from "./call-log.ts";
import {
  type FunctionDefinition,
  type FunctionParameter,
  manifestFunctions,
  parameterProblems,
} from "./function-definitions.ts";
import { slackId } from "./ids.ts";
import { nowTs } from "./payloads.ts";

type Json = Record<string, unknown>;

/** Slack's just-in-time workflow tokens last 15 minutes. */
export const FUNCTION_TOKEN_TTL_MS = 15 * 60_000;

export const DEFAULT_CALLBACK_ID = "four_eyes_approval";

export type FunctionExecutionStatus = "running" | "completed" | "failed" | "ended";

export interface FunctionExecution {
  functionExecutionId: string;
  workflowExecutionId: string;
  workflowId: string;
  callbackId: string;
  /** Who ran the workflow. */
  userId: string | undefined;
  inputs: Json;
  botAccessToken: string;
  tokenExpiresAt: number;
  status: FunctionExecutionStatus;
  /** What functions.completeSuccess delivered. */
  outputs?: Json;
  /** What functions.completeError delivered. */
  error?: string;
  /** How many functions.complete* calls named this execution, accepted or not. */
  calls: number;
}

export interface ExecuteFunctionOptions {
  callbackId?: string;
  inputs: Json;
  workflowId?: string;
  /** Who ran the workflow; must be someone in the workspace. */
  userId?: string;
}

export class FunctionExecutionError extends Error {
  constructor(
    readonly code: string,
    readonly messages: string[] = [],
  ) {
    super(code);
  }
}

function jitToken(): string {
  const digits = (n: number) => Array.from(randomBytes(n), (b) => (b % 10).toString()).join("");
  return `xwfp-${digits(13)}-${digits(13)}-${randomBytes(16).toString("hex")}`;
}

function parameterList(params: readonly FunctionParameter[]): Json[] {
  return params.map((param) => ({
    type: param.type,
    name: param.name,
    description: param.description,
    title: param.title,
    is_required: param.is_required,
  }));
}

export class FunctionExecutions {
  private readonly executions = new Map<string, FunctionExecution>();
  private readonly byToken = new Map<string, FunctionExecution>();
  /** Function ids (Fn…) stay the same for a callback_id, like a deployed app's. */
  private readonly functionIds = new Map<string, string>();
  /** Executions that left "running" through a complete* call, in that order. */
  private readonly finished: FunctionExecution[] = [];
  private readonly events = new EventEmitter().setMaxListeners(100);
  private readonly created: number;

  constructor(
    private readonly appId: string,
    private readonly isUser: (id: string) => boolean,
    private readonly now: () => number,
    private readonly tokenTtlMs: number,
    private readonly definitions: Map<string, FunctionDefinition> = manifestFunctions(),
  ) {
    this.created = Math.floor(now() / 1000);
  }

  /**
   * Starts the step as Workflow Builder would, after checking the inputs as its editor does
   * (required ones set, each of its type, user ids of people in the workspace): an impossible
   * input is a mistake in the test, so it throws. Returns the function_executed event.
   */
  execute(options: ExecuteFunctionOptions): Json {
    const callbackId = options.callbackId ?? DEFAULT_CALLBACK_ID;
    const definition = this.definitions.get(callbackId);
    if (!definition) {
      const known = [...this.definitions.keys()].join(", ") || "none";
      throw new Error(`manifest.yml declares no function ${callbackId} (it has: ${known})`);
    }
    if (options.userId !== undefined && !this.isUser(options.userId)) {
      throw new Error(`Workflow Builder cannot run a workflow as unknown user ${options.userId}`);
    }
    const inputs = Object.fromEntries(
      Object.entries(options.inputs).filter(([, value]) => value !== undefined),
    );
    const problems = parameterProblems(definition.inputParameters, inputs, this.isUser);
    if (problems.length > 0) {
      throw new Error(`Workflow Builder would not run ${callbackId}:\n${problems.join("\n")}`);
    }
    const execution: FunctionExecution = {
      functionExecutionId: slackId("Fx", 10),
      workflowExecutionId: slackId("Wx", 10),
      workflowId: options.workflowId ?? slackId("Wf", 10),
      callbackId,
      userId: options.userId,
      inputs,
      botAccessToken: jitToken(),
      tokenExpiresAt: this.now() + this.tokenTtlMs,
      status: "running",
      calls: 0,
    };
    this.executions.set(execution.functionExecutionId, execution);
    this.byToken.set(execution.botAccessToken, execution);
    return this.event(definition, execution);
  }

  private event(definition: FunctionDefinition, execution: FunctionExecution): Json {
    let functionId = this.functionIds.get(definition.callbackId);
    if (!functionId) {
      functionId = slackId("Fn", 10);
      this.functionIds.set(definition.callbackId, functionId);
    }
    return {
      type: "function_executed",
      function: {
        id: functionId,
        callback_id: definition.callbackId,
        title: definition.title,
        description: definition.description,
        type: "app",
        input_parameters: parameterList(definition.inputParameters),
        output_parameters: parameterList(definition.outputParameters),
        app_id: this.appId,
        date_created: this.created,
        date_updated: this.created,
        date_deleted: 0,
      },
      inputs: { ...execution.inputs },
      function_execution_id: execution.functionExecutionId,
      workflow_execution_id: execution.workflowExecutionId,
      event_ts: nowTs(),
      bot_access_token: execution.botAccessToken,
    };
  }

  get(id: string): FunctionExecution | undefined {
    return this.executions.get(id);
  }

  /** The workflow's author stops it (or it is cancelled): the step can no longer complete. */
  end(id: string): void {
    const execution = this.require(id);
    if (execution.status === "running") execution.status = "ended";
  }

  private require(id: string): FunctionExecution {
    const execution = this.executions.get(id);
    if (!execution) throw new Error(`No function execution ${id}`);
    return execution;
  }

  /** For a minted xwfp- token: the execution it belongs to, or why Slack refuses it. */
  tokenExecution(token: string): FunctionExecution | "token_expired" | "invalid_auth" {
    const execution = this.byToken.get(token);
    if (!execution) return "invalid_auth";
    return this.now() >= execution.tokenExpiresAt ? "token_expired" : execution;
  }

  /** Counts a complete* call that names an execution, whatever the answer. */
  countCall(id: unknown): void {
    const execution = typeof id === "string" ? this.executions.get(id) : undefined;
    if (execution) execution.calls += 1;
  }

  /**
   * functions.completeSuccess / completeError. `tokenOwner` is the execution of the xwfp- token
   * the call was made with, undefined for the app's bot or user token (good for any execution).
   */
  complete(
    id: string,
    tokenOwner: FunctionExecution | undefined,
    result: { outputs: unknown } | { error: string },
  ): void {
    if (tokenOwner && tokenOwner.functionExecutionId !== id) {
      throw new FunctionExecutionError("invalid_auth");
    }
    const execution = this.executions.get(id);
    if (!execution) throw new FunctionExecutionError("function_execution_not_found");
    if (execution.status !== "running") {
      throw new FunctionExecutionError("execution_not_in_running_state");
    }
    if ("outputs" in result) {
      const outputs = result.outputs;
      if (typeof outputs !== "object" || outputs === null || Array.isArray(outputs)) {
        throw new FunctionExecutionError("invalid_arguments", ["outputs must be a JSON object"]);
      }
      const definition = this.definitions.get(execution.callbackId);
      const params = definition?.outputParameters ?? [];
      const problems = parameterProblems(params, outputs as Json, this.isUser);
      if (problems.length > 0)
        throw new FunctionExecutionError("parameter_validation_failed", problems);
      execution.outputs = outputs as Json;
      execution.status = "completed";
    } else {
      execution.error = result.error;
      execution.status = "failed";
    }
    this.finished.push(execution);
    this.events.emit("finished", execution);
  }

  /** Resolves once the app completed (or failed) the execution; rejects after the timeout. */
  waitForCompletion(id: string, { timeoutMs = DEFAULT_WAIT_MS }: WaitOptions = {}) {
    this.require(id);
    return waitForItem(
      this.finished,
      this.events,
      "finished",
      (execution) => execution.functionExecutionId === id,
      { timeoutMs },
      () => {
        const execution = this.executions.get(id);
        return `waiting for functions.complete* on ${id}; it is ${execution?.status} after ${execution?.calls} call(s)`;
      },
    );
  }
}
