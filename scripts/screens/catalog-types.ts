import type { Screen } from "./block-text.ts";

/** One screen in docs/screens.md: a title, and the view builder's output for it. */
export interface ScreenEntry {
  readonly title: string;
  readonly render: () => Screen;
}

/** The screens drawn by one builder (or a few close ones), under one heading. */
export interface ScreenGroup {
  readonly title: string;
  /** Who sees it, when: one sentence under the heading. */
  readonly about: string;
  readonly screens: readonly ScreenEntry[];
}

/** A message or notice ({text, blocks}) as a screen. */
export function message(drawn: { text: string; blocks?: readonly unknown[] }): Screen {
  return { kind: "message", text: drawn.text, ...(drawn.blocks ? { blocks: drawn.blocks } : {}) };
}

/** A modal or the App Home as a screen; `errors` as a `response_action: "errors"` would show. */
export function view(drawn: unknown, errors?: Readonly<Record<string, string>>): Screen {
  return { kind: "view", view: drawn, ...(errors ? { errors } : {}) };
}
