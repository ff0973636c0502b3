import type { AnyBlock, HomeView } from "@slack/types";
import { expect } from "vitest";
import type { RequestList, RequestPage } from "../../../src/requests/request-query.ts";
import type { RequestRecord } from "../../../src/requests/types.ts";
import { EMPTY_HOME_STATE } from "../../../src/slack/forms/home-form.ts";
import { type HomeViewInput, renderHome } from "../../../src/slack/views/home-view.ts";
import { validateView } from "../../support/slack/block-kit-rules.ts";
import { action, CHECKER, overLimits, request } from "./fixtures.ts";

/** What the Home view tests share: an input, a validated render, and ways to read the view. */

const VIEWER = CHECKER;
export const NOW = new Date("2026-03-02T16:00:00.000Z");
const waiver = action();

const none: RequestList = { requests: [], total: 0 };
const emptyPage: RequestPage = { requests: [], hasNewer: false, hasOlder: false };

export function input(overrides: Partial<HomeViewInput> = {}): HomeViewInput {
  return {
    viewerId: VIEWER,
    now: NOW,
    actions: [waiver],
    requestable: [waiver],
    environments: ["production", "staging"],
    waiting: none,
    mine: none,
    all: emptyPage,
    state: EMPTY_HOME_STATE,
    ...overrides,
  };
}

/** Renders and checks the view against Slack's rules: every test's view must be publishable. */
export function render(overrides: Partial<HomeViewInput> = {}): HomeView {
  const view = renderHome(input(overrides));
  expect(validateView(view)).toEqual([]);
  return view;
}

export function idOf(number: number): string {
  return `00000000-0000-4000-8000-${String(number).padStart(12, "0")}`;
}

/** A request with its own number and id (whatever `overrides` say). */
export function numbered(number: number, overrides: Partial<RequestRecord> = {}): RequestRecord {
  return request({ ...overrides, id: idOf(number), number });
}

export type Json = Record<string, unknown>;

export function block(view: HomeView, blockId: string): Json {
  const found = view.blocks.find((b) => b.block_id === blockId);
  if (!found) throw new Error(`no block ${blockId} in ${view.blocks.map((b) => b.block_id)}`);
  return found as unknown as Json;
}

export function blockStartingWith(view: HomeView, prefix: string): Json {
  const found = view.blocks.find((b) => b.block_id?.startsWith(`${prefix}:`));
  if (!found) throw new Error(`no block ${prefix}:…`);
  return found as unknown as Json;
}

export function text(b: Json): string {
  if (b.type === "context") return (b.elements as { text: string }[]).map((e) => e.text).join(" ");
  return (b.text as { text: string }).text;
}

/** The mrkdwn people read (plain_text is never parsed for mentions, so it cannot ping). */
export function allTexts(view: HomeView): string {
  const texts: string[] = [];
  walk(view.blocks, (object) => {
    if (object.type === "mrkdwn") texts.push(String(object.text));
  });
  return texts.join("\n");
}

/** Every select element of the view, keyed by action id. */
export function elements(view: HomeView): Map<string, Json> {
  const found = new Map<string, Json>();
  for (const b of view.blocks as unknown as Json[]) {
    if (b.type !== "actions") continue;
    for (const element of b.elements as Json[]) found.set(element.action_id as string, element);
  }
  return found;
}

export function element(view: HomeView, actionId: string): Json {
  const found = elements(view).get(actionId);
  if (!found) throw new Error(`no element ${actionId}`);
  return found;
}

/** Every object in the view (depth first), to check limits wherever they apply. */
export function walk(value: unknown, visit: (object: Json) => void): void {
  if (Array.isArray(value)) for (const item of value) walk(item, visit);
  else if (typeof value === "object" && value !== null) {
    visit(value as Json);
    for (const child of Object.values(value)) walk(child, visit);
  }
}

/** Limits the validator checks too, said once more in plain terms. */
export function limitProblems(view: HomeView): string[] {
  const problems = overLimits(view.blocks as AnyBlock[]);
  if (view.blocks.length > 100) problems.push(`${view.blocks.length} blocks`);
  if ((view.private_metadata ?? "").length > 3000) problems.push("private_metadata");
  walk(view.blocks, (object) => {
    const label = (object.text as { text?: string } | undefined)?.text ?? "";
    if (object.type === "button" && label.length > 75) problems.push(`button ${label}`);
    if (object.type === "static_select" && (object.options as unknown[]).length > 100) {
      problems.push("select options");
    }
    if ("value" in object && "text" in object && object.type === undefined) {
      if (label.length > 75) problems.push(`option text ${label}`);
      if (String(object.value).length > 150) problems.push(`option value ${object.value}`);
    }
    if (object.type === "mrkdwn" && label.length > 3000) problems.push("mrkdwn text");
  });
  return problems;
}
