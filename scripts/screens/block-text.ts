/**
 * Block Kit as readable text, for docs/screens.md: a header as "## …", a section's text, its
 * fields as "Label: value", context in _italics_, buttons as `[ Approve ] (primary)`, inputs as
 * "Label: [ ____ ]" with their hint and error, menus with their options, confirm dialogs, and a
 * message's notification `text` as "Notification: …".
 */
import { confirmLines, elementText, list, type Obj, obj } from "./element-text.ts";
import { mrkdwnText, type Names, notificationText, textObject } from "./mrkdwn-text.ts";

export type { Names } from "./mrkdwn-text.ts";

/** What a screen builder returns: a message (or notice), or a view (modal, App Home). */
export type Screen =
  | { readonly kind: "message"; readonly text: string; readonly blocks?: readonly unknown[] }
  | {
      readonly kind: "view";
      readonly view: unknown;
      /** A `response_action: "errors"` answer shown under the inputs, by block id. */
      readonly errors?: Readonly<Record<string, string>>;
    };

/** "*Team or customer*\nAcme Corp" → "Team or customer: Acme Corp". */
function fieldText(field: unknown, names: Names): string {
  const text = textObject(field, names);
  const match = /^\*([^*\n]+)\*\n([\s\S]*)$/.exec(text);
  return match ? `${match[1]}: ${match[2]}` : text;
}

function sectionLines(block: Obj, names: Names): string[] {
  const lines: string[] = [];
  if (block.text !== undefined) lines.push(textObject(block.text, names));
  for (const field of list(block.fields)) lines.push(fieldText(field, names));
  if (block.accessory !== undefined) {
    const accessory = obj(block.accessory);
    lines.push(`  → ${elementText(accessory, names)}`, ...confirmLines(accessory, names));
  }
  return lines;
}

function contextLine(block: Obj, names: Names): string {
  const parts = list(block.elements).map((element) =>
    element.type === "image" ? elementText(element, names) : textObject(element, names),
  );
  return parts
    .join(" · ")
    .split("\n")
    .map((line) => (line ? `_${line}_` : line))
    .join("\n");
}

function inputLines(block: Obj, names: Names, errors: Readonly<Record<string, string>>): string[] {
  const label = textObject(block.label, names);
  const optional = block.optional === true ? " (optional)" : "";
  const element = obj(block.element);
  const lines = [`${label}${optional}: ${elementText(element, names)}`];
  const hint = textObject(block.hint, names);
  if (hint) lines.push(`  (${hint})`);
  const error = typeof block.block_id === "string" ? errors[block.block_id] : undefined;
  if (error !== undefined) lines.push(`  ⚠ ${mrkdwnText(error, names)}`);
  return lines;
}

/** One block as lines of text. */
export function blockLines(
  block: Obj,
  names: Names,
  errors: Readonly<Record<string, string>> = {},
): string[] {
  switch (block.type) {
    case "header":
      return [`## ${textObject(block.text, names)}`];
    case "section":
      return sectionLines(block, names);
    case "context":
      return [contextLine(block, names)];
    case "divider":
      return ["---"];
    case "image":
      return [`[image: ${String(block.alt_text ?? "")}]`];
    case "actions": {
      const elements = list(block.elements);
      return [
        elements.map((element) => elementText(element, names)).join("  "),
        ...elements.flatMap((element) => confirmLines(element, names)),
      ];
    }
    case "input":
      return inputLines(block, names, errors);
    default:
      return [`[${String(block.type)} block]`];
  }
}

/** Blocks as text, one blank line between blocks. */
export function blocksText(
  blocks: readonly unknown[],
  names: Names,
  errors: Readonly<Record<string, string>> = {},
): string {
  return blocks.map((block) => blockLines(obj(block), names, errors).join("\n")).join("\n\n");
}

function viewText(view: Obj, names: Names, errors: Readonly<Record<string, string>>): string {
  const top =
    view.type === "home"
      ? "# App Home"
      : `# ${String(view.type)}: ${textObject(view.title, names)}`;
  const buttons = [view.close, view.submit]
    .map((text, i) =>
      text === undefined ? "" : `[ ${textObject(text, names)} ]${i ? " (primary)" : ""}`,
    )
    .filter(Boolean);
  const parts = [top, blocksText(list(view.blocks), names, errors)];
  if (buttons.length > 0) parts.push(buttons.join("  "));
  return parts.join("\n\n");
}

/** A whole screen as text: a message starts with its notification text; a view with its title. */
export function screenText(screen: Screen, names: Names): string {
  if (screen.kind === "view") return viewText(obj(screen.view), names, screen.errors ?? {});
  const notification = `Notification: ${notificationText(screen.text, names)}`;
  if (screen.blocks === undefined || screen.blocks.length === 0) {
    return `${notification}\n\n${mrkdwnText(screen.text, names)}`;
  }
  return `${notification}\n\n${blocksText(screen.blocks, names)}`;
}
