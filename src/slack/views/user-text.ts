import { stripBidiControls } from "../../core/text.ts";

/** Escapes the three characters mrkdwn treats as markup, so user text cannot ping @channel. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A formatting character where it could format, shown as a look-alike that cannot. */
const LOOKALIKE: Readonly<Record<string, string>> = {
  "*": "\u2217",
  _: "\u02cd",
  "~": "\u223c",
  "`": "\u02cb",
};

const WORD_CHAR = /[\p{L}\p{N}]/u;

function inWord(text: string, at: number): boolean {
  return WORD_CHAR.test(text.charAt(at - 1)) && WORD_CHAR.test(text.charAt(at + 1));
}

/**
 * Text someone wrote (a purpose, a param, a reason) as mrkdwn that shows exactly what they wrote
 * and nothing more: it cannot mention or link (`<`, `>` and `&` escaped), cannot be bold, italic,
 * struck or code (`*`, `_`, `~` and backticks that could open or close a span are shown as
 * look-alikes: ∗ ˍ ∼ ˋ; inside a word, as in in_123, Slack formats nothing, so they stay), cannot
 * show an emoji that reads as the bot's (":white_check_mark:" keeps its text), and cannot reorder
 * itself (bidi controls are removed). So `*Pre-approved by finance*` in a purpose never passes for
 * one of the bot's own bold fields.
 */
export function literalMrkdwn(text: string): string {
  return escapeMrkdwn(stripBidiControls(text))
    .replace(/[*_~`]/g, (marker, at: number, whole: string) =>
      inWord(whole, at) ? marker : (LOOKALIKE[marker] ?? marker),
    )
    .replace(/(^|[^\p{L}\p{N}]):(?=[\w+'-]*[a-z][\w+'-]*:)/giu, "$1\u2236");
}

/**
 * Text shown inside a ``` block (a result, an error): already literal there, but a backtick could
 * close the block early and let what follows format, so backticks are shown as ˋ.
 */
export function codeText(text: string): string {
  return escapeMrkdwn(stripBidiControls(text)).replace(/`/g, LOOKALIKE["`"] ?? "`");
}
