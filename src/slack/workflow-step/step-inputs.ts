import { z } from "zod";
import type { StepRequestInput } from "../../requests/request-service.ts";

/** A step's `details`: what the checker reads beside the request, kept to a card's size. */
export const DETAILS_MAX = 2000;

const userId = (input: string) =>
  z
    .string({ error: `${input} must be a Slack user` })
    .trim()
    .regex(/^[UW][A-Z0-9]{2,}$/, `${input} must be a Slack user id (U…), not a name`);

/** An optional input: Workflow Builder leaves it out, or sends an empty value. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === "" || value === null ? undefined : value), schema.optional());

const required = (input: string) =>
  z
    .string({ error: `${input} is required` })
    .trim()
    .min(1, `${input} is empty`);

/** Params arrive as JSON text (a workflow variable or typed in), or as an object. */
const params = z.union([z.string(), z.record(z.string(), z.unknown())]).transform((value, ctx) => {
  if (typeof value !== "string") return value;
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) return parsed;
  } catch {
    // Reported below, with the same words whatever JSON.parse said.
  }
  ctx.addIssue({ code: "custom", message: 'params must be a JSON object, like {"amount": 250}' });
  return z.NEVER;
});

/** The step's inputs as manifest.yml declares them. */
const stepInputsSchema = z.object({
  action: required("action"),
  maker: userId("maker"),
  checker: optional(userId("checker")),
  environment: optional(z.string().trim()),
  team: required("team"),
  purpose: required("purpose"),
  details: optional(
    z.string().trim().max(DETAILS_MAX, `details must be at most ${DETAILS_MAX} characters`),
  ),
  params: optional(params),
});

export type StepInputs = z.infer<typeof stepInputsSchema>;

/** Where the step runs: Slack's ids for this execution of it. */
export interface StepExecution {
  readonly executionId: string;
  readonly workflowExecutionId: string | null;
}

/**
 * The request a step's inputs ask for, or what is wrong with them, in words for the workflow's
 * author (every problem, each naming its input).
 */
export function parseStepInputs(
  inputs: unknown,
  execution: StepExecution,
): { ok: true; value: StepRequestInput } | { ok: false; message: string } {
  const parsed = stepInputsSchema.safeParse(inputs ?? {});
  if (!parsed.success) {
    return { ok: false, message: `${parsed.error.issues.map((i) => i.message).join("; ")}.` };
  }
  const v = parsed.data;
  return {
    ok: true,
    value: {
      executionId: execution.executionId,
      workflowExecutionId: execution.workflowExecutionId,
      actionId: v.action,
      makerId: v.maker,
      checkerId: v.checker ?? null,
      environment: v.environment || null,
      team: v.team,
      purpose: v.purpose,
      details: v.details || null,
      params: v.params ?? {},
    },
  };
}
