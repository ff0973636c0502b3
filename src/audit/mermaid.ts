import type { JsonObject } from "../core/json.ts";
import { stripBidiControls } from "../core/text.ts";
import { type AuditEvent, type AuditEventType, SYSTEM_ACTOR } from "../requests/audit-events.ts";
import { describeRepeats, repeatsOf } from "../requests/refused-attempts.ts";
import { type CreatedDetails, createdDetailsSchema } from "../requests/replay.ts";

/** Reasons, errors and refusal messages are cut to this many characters. */
export const MERMAID_TEXT_LIMIT = 120;

const BOT = "B";
const EXECUTOR = "E";

/**
 * The story of a request as a Mermaid `sequenceDiagram`: who asked, who approved or declined,
 * what the bot ran and how it ended, with the status changes as notes over the bot. Pastes into
 * a Markdown file or comment on GitHub or GitLab, or Confluence's Mermaid macro.
 *
 * Unlike the other formats this one buffers the events: Mermaid wants every participant declared
 * before the first arrow, and who takes part is only known once every event is read. It is meant
 * for one request (a handful of events; the CLI insists on --request), so that costs nothing.
 */
export async function* toMermaid(events: AsyncIterable<AuditEvent>): AsyncGenerator<string> {
  const all: AuditEvent[] = [];
  for await (const event of events) all.push(event);
  for (const line of mermaidLines(all)) yield `${line}\n`;
}

type Role = "Maker" | "Checker" | "User";

interface Participant {
  readonly id: string;
  readonly label: string;
}

/** Who takes part, in the order they are declared: makers, the bot, checkers, others, executor. */
class Cast {
  readonly #byUser = new Map<string, { role: Role; id: string }>();
  readonly #counts: Record<Role, number> = { Maker: 0, Checker: 0, User: 0 };
  executor = false;

  add(userId: string, role: Role): void {
    if (userId === SYSTEM_ACTOR || this.#byUser.has(userId)) return;
    const n = ++this.#counts[role];
    // M for the (usual) single maker; C1, C2… for checkers, so each lifeline has its own.
    const id =
      role === "Maker" ? (n === 1 ? "M" : `M${n}`) : `${role === "Checker" ? "C" : "P"}${n}`;
    this.#byUser.set(userId, { role, id });
  }

  idOf(userId: string): string {
    if (userId === SYSTEM_ACTOR) return BOT;
    const known = this.#byUser.get(userId);
    if (known) return known.id;
    this.add(userId, "User");
    return this.idOf(userId);
  }

  declarations(): Participant[] {
    const people = [...this.#byUser].map(([userId, { role, id }]) => ({
      role,
      id,
      label: `${role} ${mermaidText(userId)}`,
    }));
    const of = (role: Role) => people.filter((person) => person.role === role);
    return [
      ...of("Maker"),
      { id: BOT, label: "Bot" },
      ...of("Checker"),
      ...of("User"),
      ...(this.executor ? [{ id: EXECUTOR, label: "Executor" }] : []),
    ];
  }
}

/** The role of whoever wrote an event of each type, for people the creation does not name. */
const ACTOR_ROLES: Partial<Record<AuditEventType, Role>> = {
  REQUEST_CREATED: "Maker",
  REQUEST_CANCELLED: "Maker",
  CHECKER_NUDGED: "Maker",
  APPROVAL_RECORDED: "Checker",
  REQUEST_APPROVED: "Checker",
  REQUEST_DECLINED: "Checker",
  BREAK_GLASS_USED: "Maker",
  BREAK_GLASS_REVIEWED: "Checker",
  ATTEMPT_REFUSED: "User",
};
const EXECUTION_TYPES: readonly AuditEventType[] = [
  "EXECUTION_STARTED",
  "EXECUTION_RESUMED",
  "REQUEST_FINISHED",
  "REQUEST_FAILED",
];

/** The diagram, a line at a time, for events oldest first (normally those of one request). */
export function mermaidLines(events: readonly AuditEvent[]): string[] {
  const created = new Map<number, CreatedDetails>();
  const cast = new Cast();
  for (const event of events) {
    if (event.type !== "REQUEST_CREATED" || event.requestNumber === null) continue;
    const details = createdDetailsSchema.safeParse(event.details);
    if (!details.success) continue;
    created.set(event.requestNumber, details.data);
    cast.add(details.data.maker, "Maker");
    for (const checker of details.data.checkers) cast.add(checker, "Checker");
  }
  // Everyone else who acted, in the role their event implies (--since may cut off the creation).
  for (const event of events) {
    const role = ACTOR_ROLES[event.type];
    if (role) cast.add(event.actor, role);
    if (EXECUTION_TYPES.includes(event.type)) cast.executor = true;
  }

  const lines = ["sequenceDiagram", `  title ${title(events, created)}`];
  for (const { id, label } of cast.declarations()) lines.push(`  participant ${id} as ${label}`);
  if (events.length === 0) lines.push(`  Note over ${BOT}: no audit events`);

  let previous: Date | null = events[0]?.at ?? null;
  for (const event of events) {
    const when = timeOf(event.at, previous);
    previous = event.at;
    const actor = cast.idOf(event.actor);
    const details = event.details;
    const request = event.requestNumber === null ? undefined : created.get(event.requestNumber);
    const arrow = (from: string, kind: string, to: string, what: string) =>
      lines.push(`  ${from}${kind}${to}: ${when} ${what}`);

    switch (event.type) {
      case "REQUEST_CREATED":
        arrow(actor, "->>", BOT, `requests ${requestLabel(event.requestNumber, request)}`);
        break;
      case "APPROVAL_RECORDED":
      case "REQUEST_APPROVED":
        arrow(actor, "->>", BOT, `approves${approvalCount(details)}`);
        break;
      case "REQUEST_DECLINED":
        arrow(actor, "->>", BOT, `declines${reasonOf(details)}`);
        break;
      case "REQUEST_CANCELLED":
        arrow(actor, "->>", BOT, `cancels${reasonOf(details)}`);
        break;
      case "REQUEST_EXPIRED":
        arrow(BOT, "->>", BOT, `expired${reasonOf(details)}`);
        break;
      case "EXECUTION_STARTED":
        arrow(BOT, "->>", EXECUTOR, `runs ${request ? mermaidText(request.action) : "the action"}`);
        break;
      case "REQUEST_FINISHED":
        arrow(EXECUTOR, "-->>", BOT, "finished");
        break;
      case "REQUEST_FAILED":
        arrow(EXECUTOR, "--x", BOT, `failed${textAfterColon(details.error)}`);
        break;
      case "CHECKER_NUDGED":
        arrow(actor, "->>", BOT, "nudges the checkers");
        break;
      case "REMINDER_SENT":
        lines.push(
          `  Note over ${BOT}: ${when} reminds the checkers${typeof details.reminder === "number" ? ` (reminder ${details.reminder})` : ""}`,
        );
        break;
      case "REQUEST_ESCALATED":
        lines.push(
          `  Note over ${BOT}: ${when} escalates${typeof details.to === "string" ? ` to ${mermaidText(details.to)}` : ""}`,
        );
        break;
      case "EXECUTION_RESUMED":
        arrow(BOT, "->>", EXECUTOR, "runs it again (the process running it had stopped)");
        break;
      case "BREAK_GLASS_USED":
        arrow(actor, "->>", BOT, `breaks the glass${reasonOf(details)}`);
        break;
      case "BREAK_GLASS_REVIEWED":
        arrow(
          actor,
          "->>",
          BOT,
          details.verdict === "FLAGGED"
            ? `flags it${textAfterColon(details.note)}`
            : "acknowledges it",
        );
        break;
      case "CHECKER_REROUTED":
        lines.push(
          `  Note over ${BOT}: ${when} re-routes to ${mermaidText(String(details.to ?? "a delegate"))} (${mermaidText(String(details.from ?? "a checker"))} is away)`,
        );
        break;
      case "OUTBOX_REDRIVEN":
        lines.push(`  Note over ${BOT}: ${when} an operator re-sends a message Slack had refused`);
        break;
      case "ATTEMPT_REFUSED": {
        const over = actor === BOT ? BOT : `${actor},${BOT}`;
        const attempted = typeof details.attempted === "string" ? details.attempted : "attempt";
        const repeats = repeatsOf(details);
        // Digits, dashes and colons only, like the time in front: nothing Mermaid reads as syntax.
        const times = repeats ? ` ${describeRepeats(repeats)}` : "";
        lines.push(
          `  Note over ${over}: ${when} ${mermaidText(attempted)} refused${times}${textAfterColon(details.message)}`,
        );
        break;
      }
    }
    if (event.toStatus !== null && event.toStatus !== event.fromStatus) {
      const change = event.fromStatus ? `${event.fromStatus} → ${event.toStatus}` : event.toStatus;
      lines.push(`  Note over ${BOT}: ${change}`);
    }
  }
  return lines;
}

function title(events: readonly AuditEvent[], created: ReadonlyMap<number, CreatedDetails>) {
  const numbers = [...new Set(events.map((event) => event.requestNumber))];
  const first = events[0]?.at.toISOString().slice(0, 10);
  const day = first ? `, ${first}` : "";
  const [only] = numbers;
  const what =
    numbers.length === 1 && only !== null && only !== undefined
      ? `Request ${requestName(only, created.get(only))}`
      : "Audit events";
  return `${what}${day} (times in UTC)`;
}

/** "#12 billing-waiver", with `#` written as an entity: a bare one starts a Mermaid comment. */
function requestName(number: number | null, request: CreatedDetails | undefined): string {
  const name = number === null ? "a request" : mermaidText(`#${number}`);
  return request ? `${name} ${mermaidText(request.action)}` : name;
}

/** "#12 billing-waiver (production, Acme)" */
function requestLabel(number: number | null, request: CreatedDetails | undefined): string {
  const name = requestName(number, request);
  return request
    ? `${name} (${mermaidText(request.environment)}, ${mermaidText(request.team)})`
    : name;
}

/** " (1 of 2)" */
function approvalCount(details: JsonObject): string {
  const { approvals, approvalsRequired } = details;
  return typeof approvals === "number" && typeof approvalsRequired === "number"
    ? ` (${approvals} of ${approvalsRequired})`
    : "";
}

function reasonOf(details: JsonObject): string {
  return textAfterColon(details.reason);
}

/** ": the text" when there is some. */
function textAfterColon(value: unknown): string {
  return typeof value === "string" && value.trim() ? `: ${mermaidText(value)}` : "";
}

/** "09:04", or "2026-01-06 09:04" when the day changed since the event before. */
function timeOf(at: Date, previous: Date | null): string {
  const iso = at.toISOString();
  const sameDay = previous !== null && previous.toISOString().slice(0, 10) === iso.slice(0, 10);
  return sameDay ? iso.slice(11, 16) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

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
