/**
 * Slack's text formats as a reader sees them: mentions as "@name", date tokens as their fallback,
 * links as "label (url)", HTML entities decoded, emoji shortcodes as emoji.
 */

/** Slack user, group and channel ids → the names a reader sees (without "@" or "#"). */
export type Names = Readonly<Record<string, string>>;

/** The shortcodes the views use, as Slack draws them; any other stays ":code:". */
const EMOJI: Readonly<Record<string, string>> = {
  alarm_clock: "⏰",
  arrow_right: "➡️",
  ballot_box_with_check: "☑️",
  bell: "🔔",
  gear: "⚙️",
  hourglass_flowing_sand: "⏳",
  lock: "🔒",
  mag: "🔍",
  mega: "📣",
  no_entry: "⛔",
  palm_tree: "🌴",
  repeat: "🔁",
  rotating_light: "🚨",
  tada: "🎉",
  thumbsup: "👍",
  "+1": "👍",
  triangular_flag_on_post: "🚩",
  warning: "⚠️",
  wastebasket: "🗑️",
  wave: "👋",
  white_check_mark: "✅",
  x: "❌",
  hourglass: "⌛",
  calendar: "📅",
  memo: "📝",
  link: "🔗",
  information_source: "ℹ️",
  eyes: "👀",
};

/** ":tada:" → "🎉" for the shortcodes above. */
export function emoji(text: string): string {
  return text.replace(/:([a-z0-9_+-]+):/g, (whole, code: string) => EMOJI[code] ?? whole);
}

function nameOf(id: string, names: Names): string {
  return names[id] ?? id;
}

/** One `<…>` token of mrkdwn; null when it is not one Slack would draw (left as typed). */
function token(inner: string, names: Names, dates: boolean): string | null {
  const [target = "", label] = splitOnce(inner, "|");
  if (target.startsWith("@")) return `@${label ?? nameOf(target.slice(1), names)}`;
  if (target.startsWith("#")) return `#${label ?? nameOf(target.slice(1), names)}`;
  if (target.startsWith("!subteam^")) {
    const id = target.slice("!subteam^".length);
    return label ?? `@${nameOf(id, names)}`;
  }
  if (target.startsWith("!date^")) return dates ? (label ?? target) : null;
  if (target.startsWith("!")) return `@${target.slice(1)}`;
  if (/^(https?|mailto):/.test(target)) return label ? `${label} (${target})` : target;
  return null;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

function tokens(text: string, names: Names, dates: boolean): string {
  return text.replace(/<([^<>]+)>/g, (whole, inner: string) => token(inner, names, dates) ?? whole);
}

/** mrkdwn as drawn in a message: every token resolved, entities decoded, emoji drawn. */
export function mrkdwnText(text: string, names: Names): string {
  return emoji(decodeEntities(tokens(text, names, true)));
}

/**
 * A notification's `text`: Slack resolves mentions and links there, but not date tokens, which
 * stay raw (the views must not put them there).
 */
export function notificationText(text: string, names: Names): string {
  return emoji(decodeEntities(tokens(text, names, false)));
}

/** plain_text as drawn: emoji only; a mention or date token shows raw, as it would in Slack. */
export function plainText(text: string): string {
  return emoji(text);
}

/** A text object ({type, text}) of either kind. */
export function textObject(value: unknown, names: Names): string {
  if (typeof value !== "object" || value === null) return "";
  const { type, text } = value as { type?: unknown; text?: unknown };
  if (typeof text !== "string") return "";
  return type === "mrkdwn" ? mrkdwnText(text, names) : plainText(text);
}
