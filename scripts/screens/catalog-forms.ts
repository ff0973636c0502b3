/** The modals: the request form, what it says while saving, decline, flag and "I'm away". */
import { toModalErrors } from "../../src/slack/forms/request-form.ts";
import { renderDeclineModal } from "../../src/slack/views/decline-modal.ts";
import { renderDelegationModal } from "../../src/slack/views/delegation-modal.ts";
import { renderFlagModal } from "../../src/slack/views/flag-modal.ts";
import { type RequestModalInput, renderRequestModal } from "../../src/slack/views/request-modal.ts";
import {
  renderSavedModal,
  renderSavingModal,
  SAVE_FAILED,
  withNotice,
} from "../../src/slack/views/submission-status.ts";
import { type ScreenGroup, view } from "./catalog-types.ts";
import {
  ALL_ACTIONS,
  accountChange,
  brokenGlass,
  CHECKER,
  inStatus,
  NOW,
  waiver,
} from "./fixtures.ts";

const form = (input: Partial<RequestModalInput> = {}) =>
  renderRequestModal({
    actions: ALL_ACTIONS,
    environments: ["production", "staging"],
    metadata: { channelId: "C0GENERAL" },
    ...input,
  });

const filledWaiver = {
  environment: "production",
  team: "Acme Corp",
  purpose: "Double-charged during the outage",
  checkerIds: [CHECKER],
  params: { invoice_id: "in_123", amount: 250, card_last4: "4242" },
};

export const requestForm: ScreenGroup = {
  title: "The request form",
  about:
    "Opened by `/request` (or Duplicate); the chosen action's fields appear once it is chosen.",
  screens: [
    { title: "Nothing chosen yet", render: () => view(form()) },
    {
      title: "An action chosen, nothing filled in",
      render: () => view(form({ selected: waiver })),
    },
    {
      title: "Refused on submit: errors under the fields",
      render: () =>
        view(
          form({
            selected: waiver,
            prefill: {
              ...filledWaiver,
              checkerIds: [],
              params: { ...filledWaiver.params, amount: 25000 },
            },
          }),
          toModalErrors({
            checkers: "Choose a checker other than yourself.",
            amount: "Must be at most 10000.",
          }),
        ),
    },
    {
      title: "Every field type, with break glass",
      render: () => view(form({ selected: accountChange })),
    },
    {
      title: "Duplicate of #12, filled in from it",
      render: () => view(form({ selected: waiver, prefill: filledWaiver, duplicateOfNumber: 12 })),
    },
    {
      title: "Shown again after saving failed",
      render: () =>
        view(withNotice(form({ selected: waiver, prefill: filledWaiver }), SAVE_FAILED)),
    },
    {
      title: "No actions available to this person",
      render: () => view(renderRequestModal({ actions: [], environments: [], metadata: {} })),
    },
  ],
};

export const submissionStatus: ScreenGroup = {
  title: "Submission status",
  about: "What the request form turns into when saving takes longer than Slack waits.",
  screens: [
    { title: "Saving", render: () => view(renderSavingModal("New request")) },
    { title: "Saved", render: () => view(renderSavedModal("New request", inStatus.PENDING())) },
    {
      title: "Saved, break glass",
      render: () => view(renderSavedModal("New request", brokenGlass())),
    },
  ],
};

export const decisionForms: ScreenGroup = {
  title: "Decline, flag and away",
  about:
    "Small modals: a checker's reason to decline, a reviewer's flag, and \"I'm away\" from the App Home.",
  screens: [
    { title: "Decline", render: () => view(renderDeclineModal(inStatus.PENDING(), waiver)) },
    {
      title: "Flag a break-glass use",
      render: () => view(renderFlagModal(brokenGlass(), accountChange)),
    },
    { title: "I'm away (delegation)", render: () => view(renderDelegationModal(NOW)) },
  ],
};

export const FORM_GROUPS = [requestForm, submissionStatus, decisionForms];
