import { z } from "zod";
import type { ActionDefinition } from "../../factory/types.ts";
import { ACTION, BLOCK, INPUT, paramBlockId, paramNameOf } from "../ids.ts";
import { blockIds, readElement, readList, readText } from "./state.ts";

/** What the request modal carries between renders in `private_metadata`. */
export const RequestModalMetadata = z.object({
  actionId: z.string().min(1).optional(),
  duplicateOfId: z.string().min(1).optional(),
  /** Where `/request` was typed, for the confirmation; dropped (not the rest) when malformed. */
  channelId: z
    .string()
    .regex(/^[CDG][A-Z0-9]{1,40}$/)
    .optional()
    .catch(undefined),
});
export type RequestModalMetadata = z.infer<typeof RequestModalMetadata>;

export function encodeRequestMetadata(metadata: RequestModalMetadata): string {
  const { actionId, duplicateOfId, channelId } = metadata;
  return JSON.stringify({ actionId, duplicateOfId, channelId });
}

/** The metadata of a request modal; {} when it is missing or malformed. */
export function parseRequestMetadata(text: string | undefined): RequestModalMetadata {
  if (!text) return {};
  try {
    const parsed = RequestModalMetadata.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** The parts of a `view_submission` / `block_actions` view the parser reads. */
export interface SubmittedView {
  readonly state: { readonly values: unknown };
  readonly private_metadata?: string;
}

export interface RequestForm {
  readonly actionId: string | undefined;
  readonly environment: string;
  readonly team: string;
  readonly purpose: string;
  readonly checkerIds: string[];
  /** Raw values keyed by param name: strings, lists, or booleans for checkboxes. */
  readonly params: Record<string, unknown>;
  readonly duplicateOfId?: string;
  /** Set when the maker ticked "Break glass"; the reason as typed (the core requires one). */
  readonly breakGlass?: { readonly reason: string };
}

/** The action chosen in the select, else the one the modal was rendered for. */
export function readSelectedActionId(view: SubmittedView): string | undefined {
  const chosen = readText(view.state.values, BLOCK.action, ACTION.chooseAction);
  return chosen !== "" ? chosen : parseRequestMetadata(view.private_metadata).actionId;
}

/**
 * Reads a submitted request modal. Values go through as Slack sent them (the core coerces and
 * validates); missing or malformed ones read as "" or [].
 */
export function parseRequestForm(
  view: SubmittedView,
  action: ActionDefinition | undefined,
): RequestForm {
  const values = view.state.values;
  const metadata = parseRequestMetadata(view.private_metadata);
  const params: Record<string, unknown> = {};
  if (action) {
    for (const spec of action.params) {
      params[spec.name] = readElement(values, paramBlockId(spec.name), INPUT) ?? "";
    }
  } else {
    for (const blockId of blockIds(values)) {
      const name = paramNameOf(blockId);
      if (name !== undefined) params[name] = readElement(values, blockId, INPUT) ?? "";
    }
  }
  return {
    actionId: readSelectedActionId(view) ?? action?.id,
    environment: readText(values, BLOCK.environment, INPUT),
    team: readText(values, BLOCK.team, INPUT),
    purpose: readText(values, BLOCK.purpose, INPUT),
    checkerIds: readList(values, BLOCK.checkers, INPUT),
    params,
    ...(metadata.duplicateOfId === undefined ? {} : { duplicateOfId: metadata.duplicateOfId }),
    ...(readElement(values, BLOCK.breakGlass, INPUT) === true
      ? { breakGlass: { reason: readText(values, BLOCK.breakGlassReason, INPUT) } }
      : {}),
  };
}

const FIELD_BLOCKS: Readonly<Record<string, string>> = {
  environment: BLOCK.environment,
  team: BLOCK.team,
  purpose: BLOCK.purpose,
  checkers: BLOCK.checkers,
  reason: BLOCK.reason,
  breakGlass: BLOCK.breakGlassReason,
  note: BLOCK.note,
  params: BLOCK.action,
};

/** The block that shows the core's error for `field` (a refusal's field key). */
export function fieldBlockId(field: string): string {
  return Object.hasOwn(FIELD_BLOCKS, field) ? (FIELD_BLOCKS[field] as string) : paramBlockId(field);
}

/** Refusal fields as Slack's `response_action: "errors"` map; errors for one block are joined. */
export function toModalErrors(fields: Record<string, string>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [field, message] of Object.entries(fields)) {
    const blockId = fieldBlockId(field);
    errors[blockId] = Object.hasOwn(errors, blockId) ? `${errors[blockId]} ${message}` : message;
  }
  return errors;
}

const requestId = z.guid();

/** The value of an Approve / Decline / Cancel / Nudge / Duplicate button: the request id. */
export function buttonValue(id: string): string {
  return id;
}

/** The request a button is about, or null when its value is not a request id. */
export function parseDecisionButton(value: unknown): { requestId: string } | null {
  const parsed = requestId.safeParse(value);
  return parsed.success ? { requestId: parsed.data } : null;
}

/** A request id as stored in a modal's private_metadata, or null. */
export function parseRequestId(value: unknown): string | null {
  const parsed = requestId.safeParse(value);
  return parsed.success ? parsed.data : null;
}
