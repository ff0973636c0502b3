import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { describeError } from "../../../core/errors.ts";
import type { SlackDeps } from "../../deps.ts";
import { stepFailureText } from "../../workflow-step/failure-text.ts";
import { parseStepInputs } from "../../workflow-step/step-inputs.ts";

type StepArgs = SlackEventMiddlewareArgs<"function_executed"> & AllMiddlewareArgs;

/**
 * "Require a second person's approval", run as a step of a workflow: files the request under the
 * same rules as /request. The step stays open until the request closes; it is then completed
 * through the outbox (see workflow-step/step-completion.ts). Inputs the rules refuse fail the
 * step at once, with words for the workflow's author.
 */
export function approvalStep({ requests, logger }: SlackDeps) {
  return async ({ event, fail }: StepArgs) => {
    const execution = {
      executionId: event.function_execution_id,
      workflowExecutionId: event.workflow_execution_id || null,
    };
    const log = logger.child({ functionExecutionId: execution.executionId });
    const failStep = async (error: string) => {
      log.info("workflow step refused", { failure: error });
      try {
        await fail({ error });
      } catch (failed) {
        // Delivered twice (Slack's retry, another replica): the first failure closed it.
        log.warn("could not fail the workflow step", { error: describeError(failed) });
      }
    };
    const parsed = parseStepInputs(event.inputs, execution);
    if (!parsed.ok) return failStep(parsed.message);
    const filed = await requests.fileStepRequest(parsed.value);
    if (!filed.ok) return failStep(stepFailureText(filed.refusal, parsed.value));
    const { request, created } = filed.value;
    log.info("workflow step filed a request", { requestNumber: request.number, created });
  };
}
