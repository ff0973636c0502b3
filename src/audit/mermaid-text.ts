import { stripBidiControls } from "../core/text.ts";

/** Reasons, errors and refusal messages are cut to this many characters. */
export const MERMAID_TEXT_LIMIT = 120;

/**
 * Free text made safe for one Mermaid line. Mermaid ends a message at a newline, a `;` or a `#`
 * (the start of a comment), and renders `<…>` as HTML; it reads `#name;` and `#123;` as entities,
 * which is how `#`, `<` and `>` are written here. Chat markup stored in older text (a user
 * mention, `<url|label>`) is turned into plain text first; a colon directly followed by text is
 * written `#58;` so no line can look like the `style …:#…;` statements Mermaid rewrites before
 * parsing. Bidi controls are removed (they would reorder what is read). Long text is cut.
 */
export function mermaidText(text: string, limit = MERMAID_TEXT_LIMIT): string {
  const plain = stripBidiControls(text)
    .replace(/<[@]([A-Z0-9]+)(?:\|[^>]*)?>/gi, "@$1")
    .replace(/<!(here|channel|everyone)>/g, "@$1")
    .replace(/<([^<>|]+)\|([^<>]+)>/g, "$2")
    .replace(/<([a-z]+:[^<>\s]+)>/gi, "$1")
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
    .replace(/[\s\u0000-\u001f\u007f]+/g, " ")
    .trim();
  const chars = [...plain];
  const cut =
    chars.length > limit
      ? `${chars
          .slice(0, limit - 1)
          .join("")
          .trimEnd()}…`
      : plain;
  return cut.replace(/[;#<>]|:(?=\S)/g, (c) => ENTITIES[c] ?? c);
}

const ENTITIES: Record<string, string> = {
  ";": ",",
  "#": "#35;",
  "<": "#lt;",
  ">": "#gt;",
  ":": "#58;",
};

/** ": the text" when there is some. */
export function textAfterColon(value: unknown): string {
  return typeof value === "string" && value.trim() ? `: ${mermaidText(value)}` : "";
}
