import type {
  Button,
  ConfirmationDialog,
  ContextBlock,
  HeaderBlock,
  KnownBlock,
  PlainTextElement,
  SectionBlock,
} from "@slack/types";
import type { JsonValue } from "../../core/json.ts";
import { stripBidiControls } from "../../core/text.ts";
import { escapeMrkdwn, literalMrkdwn } from "./user-text.ts";

/** Slack's documented limits; going over any of them makes Slack reject the whole payload. */
export const SLACK = {
  modalTitle: 24,
  modalButton: 24,
  modalBlocks: 100,
  homeBlocks: 100,
  messageBlocks: 50,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  contextText: 3000,
  contextElements: 10,
  header: 150,
  buttonText: 75,
  buttonValue: 2000,
  optionText: 75,
  optionValue: 150,
  selectOptions: 100,
  placeholder: 150,
  label: 2000,
  hint: 2000,
  privateMetadata: 3000,
  inputLength: 3000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  /** Not a Slack limit: keeps notification previews readable. */
  fallbackText: 300,
} as const;

const ELLIPSIS = "…";

/**
 * Cuts `text` to at most `max` UTF-16 units, ending with "…" when it was cut. Cuts between code
 * points, so an emoji is never split in half.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return "";
  let out = "";
  for (const char of text) {
    if (out.length + char.length > max - ELLIPSIS.length) break;
    out += char;
  }
  return out + ELLIPSIS;
}

/**
 * Text someone wrote, shown literally in mrkdwn (see literalMrkdwn: no markup, no formatting, no
 * bidi controls) and cut to `max` (never in the middle of an escape).
 */
export function safe(text: string, max: number): string {
  return truncateEscaped(literalMrkdwn(text), max);
}

/** `truncate` for text that is already escaped: never leaves half an `&amp;` behind. */
export function truncateEscaped(escaped: string, max: number): string {
  if (escaped.length <= max) return escaped;
  const cut = truncate(escaped, max).slice(0, -ELLIPSIS.length);
  return cut.replace(/&[a-z]{0,3}$/, "") + ELLIPSIS;
}

/** Collapses newlines and runs of spaces: for one-line summaries. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

const USER_ID = /^[UW][A-Z0-9]{2,}$/;

export function isUserId(value: unknown): value is string {
  return typeof value === "string" && USER_ID.test(value);
}

/** `<@U…>` for a user id; anything else is shown as (escaped) text, never as markup. */
export function mention(userId: string): string {
  return isUserId(userId) ? `<@${userId}>` : escapeMrkdwn(userId);
}

/** "<@A>", "<@A> and <@B>", "<@A>, <@B> and <@C>" (or "or"). */
export function mentions(userIds: readonly string[], conjunction: "and" | "or" = "and"): string {
  const names = userIds.map(mention);
  if (names.length <= 1) return names[0] ?? "nobody";
  return `${names.slice(0, -1).join(", ")} ${conjunction} ${names.at(-1)}`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** A JSON value as people read it: strings as they are, anything else as indented JSON. */
export function describeValue(value: JsonValue): string {
  return typeof value === "string" ? value : JSON.stringify(value, null, 2);
}

/** Plain text cannot format, but bidi controls could still reorder it: they are removed. */
export function plainText(text: string, max: number = SLACK.sectionText): PlainTextElement {
  return { type: "plain_text", text: truncate(stripBidiControls(text), max), emoji: true };
}

/** A section of mrkdwn: `text` must already be escaped; it is cut to the section limit. */
export function section(text: string, blockId?: string, accessory?: Button): SectionBlock {
  return {
    type: "section",
    ...(blockId === undefined ? {} : { block_id: blockId }),
    text: { type: "mrkdwn", text: truncate(text, SLACK.sectionText) },
    ...(accessory === undefined ? {} : { accessory }),
  };
}

/** Sections of two-column fields (already escaped mrkdwn), ten to a section. */
export function fieldSections(fields: readonly string[]): SectionBlock[] {
  const sections: SectionBlock[] = [];
  for (let start = 0; start < fields.length; start += SLACK.sectionFields) {
    sections.push({
      type: "section",
      fields: fields.slice(start, start + SLACK.sectionFields).map((text) => ({
        type: "mrkdwn",
        text: truncate(text, SLACK.fieldText),
      })),
    });
  }
  return sections;
}

export function context(text: string, blockId?: string): ContextBlock {
  return {
    type: "context",
    ...(blockId === undefined ? {} : { block_id: blockId }),
    elements: [{ type: "mrkdwn", text: truncate(text, SLACK.contextText) }],
  };
}

export function header(text: string): HeaderBlock {
  return { type: "header", text: plainText(text, SLACK.header) };
}

export function button(input: {
  text: string;
  actionId: string;
  value: string;
  style?: "primary" | "danger";
  confirm?: ConfirmationDialog;
}): Button {
  return {
    type: "button",
    action_id: input.actionId,
    text: plainText(input.text, SLACK.buttonText),
    value: input.value,
    ...(input.style === undefined ? {} : { style: input.style }),
    ...(input.confirm === undefined ? {} : { confirm: input.confirm }),
  };
}

export function confirmDialog(input: {
  title: string;
  text: string;
  confirm: string;
  deny: string;
  style?: "primary" | "danger";
}): ConfirmationDialog {
  return {
    title: plainText(input.title, SLACK.confirmTitle),
    text: plainText(input.text, SLACK.confirmText),
    confirm: plainText(input.confirm, SLACK.confirmButton),
    deny: plainText(input.deny, SLACK.confirmButton),
    ...(input.style === undefined ? {} : { style: input.style }),
  };
}

/**
 * Groups lines (escaped mrkdwn) into as few sections as fit Slack's text limit; a line longer
 * than a section is cut.
 */
export function packLines(lines: readonly string[], separator = "\n"): SectionBlock[] {
  const texts: string[] = [];
  let current = "";
  for (const raw of lines) {
    const line = truncate(raw, SLACK.sectionText);
    if (current === "") current = line;
    else if (current.length + separator.length + line.length <= SLACK.sectionText) {
      current += separator + line;
    } else {
      texts.push(current);
      current = line;
    }
  }
  if (current !== "") texts.push(current);
  return texts.map((text) => section(text));
}

/** Keeps at most `max` blocks; when some are dropped, the last kept one says how many. */
export function capBlocks(blocks: readonly KnownBlock[], max: number): KnownBlock[] {
  if (blocks.length <= max) return [...blocks];
  const kept = blocks.slice(0, max - 1);
  kept.push(context(`_${plural(blocks.length - kept.length, "more item")} not shown._`));
  return kept;
}
