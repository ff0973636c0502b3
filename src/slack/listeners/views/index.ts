import type { App } from "@slack/bolt";
import type { SlackDeps } from "../../deps.ts";
import { CALLBACK } from "../../ids.ts";
import { declineSubmission } from "./decline-submission.ts";
import { delegationSubmission } from "./delegation-submission.ts";
import { flagSubmission } from "./flag-submission.ts";
import { requestSubmission } from "./request-submission.ts";

export function registerViewListeners(app: App, deps: SlackDeps): void {
  app.view(CALLBACK.requestModal, requestSubmission(deps));
  app.view(CALLBACK.declineModal, declineSubmission(deps));
  app.view(CALLBACK.flagModal, flagSubmission(deps));
  app.view(CALLBACK.delegationModal, delegationSubmission(deps));
}
