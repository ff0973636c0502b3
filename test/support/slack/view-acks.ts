/**
 * What Slack does with the app's answer to a view_submission: close, clear, update or push views,
 * or show field errors. An answer Slack would not accept throws, since the user would only see
 * "We had some trouble connecting" and the modal would stay as it was.
 */
import { isObject } from "./block-kit-elements.ts";
import { validateView } from "./block-kit-rules.ts";
import { closeModal, pushModal, updateView, ViewError } from "./view-store.ts";
import type { StoredView, Workspace } from "./workspace.ts";

type Json = Record<string, unknown>;

function parseAck(body: string): Json | undefined {
  if (body.trim() === "") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new Error(`Slack cannot read the view_submission ack as JSON: ${body.slice(0, 200)}`);
  }
  if (!isObject(parsed)) throw new Error(`view_submission ack must be a JSON object: ${body}`);
  return Object.keys(parsed).length === 0 ? undefined : parsed;
}

function checkedView(view: unknown): Json {
  const problems = validateView(view);
  if (problems.length > 0) {
    throw new Error(`Slack would reject the view in the ack:\n${problems.join("\n")}`);
  }
  return view as Json;
}

function checkErrors(view: StoredView, errors: unknown): Record<string, string> {
  if (!isObject(errors) || Object.keys(errors).length === 0) {
    throw new Error('response_action "errors" needs a non-empty errors object');
  }
  const blocks = Array.isArray(view.blocks) ? view.blocks.filter(isObject) : [];
  const inputs = new Set(blocks.filter((b) => b.type === "input").map((b) => b.block_id));
  for (const [blockId, message] of Object.entries(errors)) {
    if (!inputs.has(blockId)) {
      throw new Error(`errors names ${blockId}, which is not an input block of view ${view.id}`);
    }
    if (typeof message !== "string" || message.length === 0) {
      throw new Error(`errors.${blockId} must be a non-empty string`);
    }
  }
  return errors as Record<string, string>;
}

export interface AckOutcome {
  action: "close" | "clear" | "update" | "push" | "errors" | "none";
  errors?: Record<string, string>;
}

/** Applies an HTTP 200 ack body (raw text) for the submitted view. */
export function applyViewSubmissionAck(ws: Workspace, view: StoredView, body: string): AckOutcome {
  const ack = parseAck(body);
  if (!ack) {
    closeModal(ws, view.userId);
    return { action: "close" };
  }
  try {
    switch (ack.response_action) {
      case "clear":
        closeModal(ws, view.userId, { all: true });
        return { action: "clear" };
      case "update":
        updateView(ws, view, checkedView(ack.view));
        return { action: "update" };
      case "push":
        pushModal(ws, view.userId, checkedView(ack.view));
        return { action: "push" };
      case "errors":
        return { action: "errors", errors: checkErrors(view, ack.errors) };
      default:
        throw new Error(`Unknown response_action in ack: ${JSON.stringify(ack)}`);
    }
  } catch (error) {
    if (error instanceof ViewError) throw new Error(`Slack refused the ack: ${error.code}`);
    throw error;
  }
}
