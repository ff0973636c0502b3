import type { App } from "@slack/bolt";
import type { SlackDeps } from "../../deps.ts";
import { WORKFLOW_STEP } from "../../ids.ts";
import { approvalStep } from "./approval-step.ts";

/** Workflow Builder steps (manifest.yml, `functions`). */
export function registerFunctionListeners(app: App, deps: SlackDeps): void {
  app.function(WORKFLOW_STEP.callbackId, approvalStep(deps));
}
