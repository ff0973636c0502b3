/**
 * A param's `pattern` in words, for the form's hint and its error: `^in_[A-Za-z0-9]+$` →
 * "Starts with in_, then letters and digits" (like in_1A2b3C). Only the plain patterns people
 * write for ids and codes are worded: literal text, classes of letters, digits and a few signs,
 * and counts. Anything else (groups, alternatives, look-arounds, negated classes) gives null,
 * and the form then says nothing rather than something wrong.
 */
export interface PatternWords {
  /** For the hint under the field: "Starts with in_, then letters and digits". */
  readonly hint: string;
  /** Completes "<Label> should …": "start with in_, then letters and digits". */
  readonly rule: string;
  /** A value that fits the pattern, e.g. "in_1A2b3C"; null when none could be made. */
  readonly example: string | null;
}

/** One kind of character a class accepts: "digit" / "digits", with sample characters. */
interface Kind {
  readonly one: string;
  readonly many: string;
  readonly samples: string;
  /** Digits come first in a sample, so "1A2b3C" reads as a code. */
  readonly order: number;
}

type Piece =
  | { readonly type: "literal"; readonly text: string }
  | {
      readonly type: "class";
      readonly kinds: readonly Kind[];
      readonly any: boolean;
      readonly min: number;
      readonly max: number;
    };

const DIGITS: Kind = { one: "digit", many: "digits", samples: "123456789", order: 0 };
const LETTERS: Kind = { one: "letter", many: "letters", samples: "AbCdEfGh", order: 1 };
const UPPER: Kind = {
  one: "capital letter",
  many: "capital letters",
  samples: "ABCDEFGH",
  order: 1,
};
const LOWER: Kind = {
  one: "lowercase letter",
  many: "lowercase letters",
  samples: "abcdefgh",
  order: 1,
};
const ANY: Kind = { one: "character", many: "characters", samples: "x7k2p9", order: 0 };

/** Characters that are themselves outside a class; escaped, any punctuation is literal. */
const SPECIAL = new Set([..."\\.*+?()[]{}|^$"]);
const MAX_HINT = 150;

class Unworded extends Error {}

function giveUp(): never {
  throw new Unworded();
}

/** A range inside a class: a whole alphabet is a kind of its own, a part is named "a–f". */
function rangeKind(from: string, to: string): Kind {
  if (from > to) giveUp();
  const whole = `${from}-${to}`;
  if (whole === "0-9") return DIGITS;
  if (whole === "A-Z") return UPPER;
  if (whole === "a-z") return LOWER;
  const samples = Array.from({ length: to.charCodeAt(0) - from.charCodeAt(0) + 1 }, (_, i) =>
    String.fromCharCode(from.charCodeAt(0) + i),
  ).join("");
  const noun = /\d/.test(from) ? "digit" : /[a-z]/i.test(from) ? "letter" : giveUp();
  if (!/^[0-9]$|^[a-z]$|^[A-Z]$/.test(to) || /\d/.test(from) !== /\d/.test(to)) giveUp();
  return { one: `${noun} ${from}–${to}`, many: `${noun}s ${from}–${to}`, samples, order: 1 };
}

function signKind(sign: string): Kind {
  if (/\s/.test(sign)) return { one: "space", many: "spaces", samples: " ", order: 2 };
  return { one: sign, many: sign, samples: sign, order: 2 };
}

/** Merges capital and lowercase letters into "letters"; drops repeats. */
function normalise(kinds: readonly Kind[]): Kind[] {
  const unique = kinds.filter((kind, i) => kinds.findIndex((k) => k.one === kind.one) === i);
  if (unique.includes(UPPER) && unique.includes(LOWER)) {
    const at = unique.indexOf(UPPER);
    unique.splice(at, 1, LETTERS);
    unique.splice(unique.indexOf(LOWER), 1);
  }
  return unique;
}

/** `[A-Za-z0-9_-]` → its kinds, reading from after `[`; returns where the class ends. */
function readClass(pattern: string, start: number): { kinds: Kind[]; end: number } {
  const kinds: Kind[] = [];
  let i = start;
  if (pattern[i] === "^") giveUp();
  while (i < pattern.length && pattern[i] !== "]") {
    const char = pattern[i] as string;
    if (char === "\\") {
      const escaped = pattern[i + 1] ?? giveUp();
      i += 2;
      if (escaped === "d") kinds.push(DIGITS);
      else if (escaped === "w") kinds.push(UPPER, LOWER, DIGITS, signKind("_"));
      else if (/[a-zA-Z0-9]/.test(escaped)) giveUp();
      else kinds.push(signKind(escaped));
      continue;
    }
    if (pattern[i + 1] === "-" && pattern[i + 2] !== undefined && pattern[i + 2] !== "]") {
      const to = pattern[i + 2] as string;
      if (to === "\\") giveUp();
      kinds.push(rangeKind(char, to));
      i += 3;
      continue;
    }
    if (char === "[") giveUp();
    kinds.push(signKind(char));
    i += 1;
  }
  if (i >= pattern.length || kinds.length === 0) giveUp();
  return { kinds: normalise(kinds), end: i + 1 };
}

/** A quantifier at `i`, if any: its bounds and where it ends. */
function readCount(pattern: string, i: number): { min: number; max: number; end: number } {
  const char = pattern[i];
  let count: { min: number; max: number; end: number };
  if (char === "+") count = { min: 1, max: Infinity, end: i + 1 };
  else if (char === "*") count = { min: 0, max: Infinity, end: i + 1 };
  else if (char === "?") count = { min: 0, max: 1, end: i + 1 };
  else if (char === "{") {
    const match = /^\{(\d{1,3})(,(\d{0,3}))?\}/.exec(pattern.slice(i));
    if (!match) giveUp();
    const min = Number(match[1]);
    const max = match[2] === undefined ? min : match[3] ? Number(match[3]) : Infinity;
    if (max < min || max === 0) giveUp();
    count = { min, max, end: i + match[0].length };
  } else return { min: 1, max: 1, end: i };
  // Lazy or possessive counts mean nothing to the person typing; they are not worded.
  if (pattern[count.end] === "?" || pattern[count.end] === "+") giveUp();
  return count;
}

function addLiteral(pieces: Piece[], text: string): void {
  const last = pieces.at(-1);
  if (last?.type === "literal")
    pieces[pieces.length - 1] = { type: "literal", text: last.text + text };
  else pieces.push({ type: "literal", text });
}

/** The pattern between its anchors, as literal text and counted classes. */
function readPieces(body: string): Piece[] {
  const pieces: Piece[] = [];
  let i = 0;
  while (i < body.length) {
    const char = body[i] as string;
    let kinds: Kind[] | null = null;
    let any = false;
    let literal: string | null = null;
    if (char === "[") {
      const read = readClass(body, i + 1);
      kinds = read.kinds;
      i = read.end;
    } else if (char === "\\") {
      const escaped = body[i + 1] ?? giveUp();
      i += 2;
      if (escaped === "d") kinds = [DIGITS];
      else if (escaped === "w") kinds = normalise([UPPER, LOWER, DIGITS, signKind("_")]);
      else if (/[a-zA-Z0-9]/.test(escaped)) giveUp();
      else literal = escaped;
    } else if (char === ".") {
      kinds = [ANY];
      any = true;
      i += 1;
    } else if (SPECIAL.has(char)) {
      giveUp();
    } else {
      literal = char;
      i += 1;
    }
    const count = readCount(body, i);
    i = count.end;
    if (literal !== null) {
      // "ab{3}" repeats only the b: fine when the count is exact, not worded otherwise.
      if (count.min !== count.max) giveUp();
      addLiteral(pieces, literal.repeat(count.min));
    } else if (kinds) {
      pieces.push({ type: "class", kinds, any, min: count.min, max: count.max });
    }
  }
  return pieces;
}

function list(words: readonly string[], conjunction: "and" | "or"): string {
  return words.length <= 1
    ? (words[0] ?? "")
    : `${words.slice(0, -1).join(", ")} ${conjunction} ${words.at(-1)}`;
}

/** "letters and digits", "4 digits", "2 to 8 letters or digits", "optionally one digit". */
function classWords(piece: Extract<Piece, { type: "class" }>): string {
  const { min, max } = piece;
  // Letters first, then digits, parts of an alphabet, signs: "letters, digits and _",
  // "digits or letters a–f".
  const rank = (kind: Kind) =>
    kind.order === 2 ? 3 : kind === DIGITS ? 1 : kind.one.includes("–") ? 2 : 0;
  const kinds = [...piece.kinds].sort((a, b) => rank(a) - rank(b));
  const many = (conjunction: "and" | "or") =>
    list(
      kinds.map((kind) => kind.many),
      conjunction,
    );
  const one = list(
    kinds.map((kind) => kind.one),
    "or",
  );
  if (piece.any && max === Infinity) return min <= 1 ? "anything" : `at least ${min} characters`;
  if (min === 1 && max === 1) return `one ${one}`;
  if (min === max) return `${min} ${many("or")}`;
  if (min === 1 && max === Infinity) return many("and");
  if (min === 0 && max === Infinity) return `optionally ${many("and")}`;
  if (min === 0 && max === 1) return `optionally one ${one}`;
  if (max === Infinity) return `at least ${min} ${many("or")}`;
  if (min === 0) return `up to ${max} ${many("or")}`;
  return `${min} to ${max} ${many("or")}`;
}

/** Literal text as written, quoted when it could be misread (spaces, signs only). */
function literalWords(text: string): string {
  return /[\s,"]/.test(text) || !/[a-zA-Z0-9]/.test(text) ? `"${text}"` : text;
}

function sample(piece: Extract<Piece, { type: "class" }>): string {
  const length =
    piece.min === piece.max
      ? piece.min
      : Math.min(piece.max, Math.max(piece.min, piece.kinds.length > 1 ? 6 : 4));
  // Signs only where nothing else fits: "1A2b3C" rather than "1A_2b_".
  const plain = piece.kinds.filter((kind) => kind.order < 2);
  const kinds = [...(plain.length > 0 ? plain : piece.kinds)].sort((a, b) => a.order - b.order);
  return Array.from({ length }, (_, i) => {
    const kind = kinds[i % kinds.length] as Kind;
    const round = Math.floor(i / kinds.length);
    return kind.samples[round % kind.samples.length];
  }).join("");
}

function sentence(pieces: readonly Piece[], start: boolean, end: boolean) {
  const words = pieces.map((piece) =>
    piece.type === "literal" ? literalWords(piece.text) : classWords(piece),
  );
  const rest = words
    .slice(1)
    .map((word) => `, then ${word}`)
    .join("");
  const first = pieces[0]?.type === "literal";
  if (start && end && first && pieces.length === 1) {
    return { rule: `be exactly ${words[0]}`, hint: `Exactly ${words[0]}` };
  }
  if (start && end && !first) {
    const text = `${words[0]}${rest}`;
    return { rule: `be ${text}`, hint: text.charAt(0).toUpperCase() + text.slice(1) };
  }
  const [verb, third] = start
    ? ["start with", "Starts with"]
    : end
      ? ["end with", "Ends with"]
      : ["contain", "Contains"];
  return { rule: `${verb} ${words[0]}${rest}`, hint: `${third} ${words[0]}${rest}` };
}

export function patternWords(pattern: string): PatternWords | null {
  const start = pattern.startsWith("^");
  const end = pattern.endsWith("$") && !pattern.endsWith("\\$");
  const body = pattern.slice(start ? 1 : 0, end ? -1 : undefined);
  let pieces: Piece[];
  try {
    pieces = readPieces(body);
  } catch (error) {
    if (error instanceof Unworded) return null;
    throw error;
  }
  if (pieces.length === 0 || pieces.length > 5) return null;
  const { rule, hint } = sentence(pieces, start, end);
  if (hint.length > MAX_HINT) return null;
  const example = pieces
    .map((piece) => (piece.type === "literal" ? piece.text : sample(piece)))
    .join("");
  // A literal alone is its own example: "should start with in_ (like in_)" says nothing more.
  const worth = pieces.some((piece) => piece.type === "class");
  const fits = worth && new RegExp(pattern).test(example);
  return { rule, hint, example: fits ? example : null };
}
