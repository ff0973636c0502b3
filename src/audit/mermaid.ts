import type { JsonObject } from "../core/json.ts";
import { type AuditEvent, type AuditEventType, SYSTEM_ACTOR } from "../requests/audit-events.ts";
import { describeRepeats, repeatsOf } from "../requests/refused-attempts.ts";
import { type CreatedDetails, createdDetailsSchema } from "../requests/replay.ts";
import { mermaidText, textAfterColon } from "./mermaid-text.ts";

export { MERMAID_TEXT_LIMIT, mermaidText } from "./mermaid-text.ts";

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

/** One event, as its line of the diagram needs it. */
interface Scene {
  /** "09:04", with the day in front when it changed. */
  readonly when: string;
  /** The lifeline of whoever wrote the event. */
  readonly actor: string;
  readonly details: JsonObject;
  readonly requestNumber: number | null;
  /** What the event's request asked for, when its creation is among the events. */
  readonly request: CreatedDetails | undefined;
}

function arrow(scene: Scene, from: string, kind: string, to: string, what: string): string {
  return `  ${from}${kind}${to}: ${scene.when} ${what}`;
}

function note(scene: Scene, what: string, over = BOT): string {
  return `  Note over ${over}: ${scene.when} ${what}`;
}

const approves = (s: Scene) => arrow(s, s.actor, "->>", BOT, `approves${approvalCount(s.details)}`);

function refused(s: Scene): string {
  const over = s.actor === BOT ? BOT : `${s.actor},${BOT}`;
  const attempted = typeof s.details.attempted === "string" ? s.details.attempted : "attempt";
  const repeats = repeatsOf(s.details);
  // Digits, dashes and colons only, like the time in front: nothing Mermaid reads as syntax.
  const times = repeats ? ` ${describeRepeats(repeats)}` : "";
  return note(
    s,
    `${mermaidText(attempted)} refused${times}${textAfterColon(s.details.message)}`,
    over,
  );
}

/** The line each type of event draws (the status change it made is noted apart). */
const EVENT_LINES: Partial<Record<AuditEventType, (scene: Scene) => string>> = {
  REQUEST_CREATED: (s) =>
    arrow(s, s.actor, "->>", BOT, `requests ${requestLabel(s.requestNumber, s.request)}`),
  APPROVAL_RECORDED: approves,
  REQUEST_APPROVED: approves,
  REQUEST_DECLINED: (s) => arrow(s, s.actor, "->>", BOT, `declines${reasonOf(s.details)}`),
  REQUEST_CANCELLED: (s) => arrow(s, s.actor, "->>", BOT, `cancels${reasonOf(s.details)}`),
  REQUEST_EXPIRED: (s) => arrow(s, BOT, "->>", BOT, `expired${reasonOf(s.details)}`),
  EXECUTION_STARTED: (s) =>
    arrow(
      s,
      BOT,
      "->>",
      EXECUTOR,
      `runs ${s.request ? mermaidText(s.request.action) : "the action"}`,
    ),
  REQUEST_FINISHED: (s) => arrow(s, EXECUTOR, "-->>", BOT, "finished"),
  REQUEST_FAILED: (s) => arrow(s, EXECUTOR, "--x", BOT, `failed${textAfterColon(s.details.error)}`),
  CHECKER_NUDGED: (s) => arrow(s, s.actor, "->>", BOT, "nudges the checkers"),
  REMINDER_SENT: (s) =>
    note(
      s,
      `reminds the checkers${typeof s.details.reminder === "number" ? ` (reminder ${s.details.reminder})` : ""}`,
    ),
  REQUEST_ESCALATED: (s) =>
    note(
      s,
      `escalates${typeof s.details.to === "string" ? ` to ${mermaidText(s.details.to)}` : ""}`,
    ),
  EXECUTION_RESUMED: (s) =>
    arrow(s, BOT, "->>", EXECUTOR, "runs it again (the process running it had stopped)"),
  BREAK_GLASS_USED: (s) => arrow(s, s.actor, "->>", BOT, `breaks the glass${reasonOf(s.details)}`),
  BREAK_GLASS_REVIEWED: (s) =>
    arrow(
      s,
      s.actor,
      "->>",
      BOT,
      s.details.verdict === "FLAGGED"
        ? `flags it${textAfterColon(s.details.note)}`
        : "acknowledges it",
    ),
  CHECKER_REROUTED: (s) =>
    note(
      s,
      `re-routes to ${mermaidText(String(s.details.to ?? "a delegate"))} (${mermaidText(String(s.details.from ?? "a checker"))} is away)`,
    ),
  OUTBOX_REDRIVEN: (s) => note(s, "an operator re-sends a message Slack had refused"),
  ATTEMPT_REFUSED: refused,
};

/** Who takes part, and what each request's creation asked for (keyed by request number). */
function castOf(events: readonly AuditEvent[]) {
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
  return { created, cast };
}

/** The diagram, a line at a time, for events oldest first (normally those of one request). */
export function mermaidLines(events: readonly AuditEvent[]): string[] {
  const { created, cast } = castOf(events);
  const lines = ["sequenceDiagram", `  title ${title(events, created)}`];
  for (const { id, label } of cast.declarations()) lines.push(`  participant ${id} as ${label}`);
  if (events.length === 0) lines.push(`  Note over ${BOT}: no audit events`);

  let previous: Date | null = events[0]?.at ?? null;
  for (const event of events) {
    const scene: Scene = {
      when: timeOf(event.at, previous),
      actor: cast.idOf(event.actor),
      details: event.details,
      requestNumber: event.requestNumber,
      request: event.requestNumber === null ? undefined : created.get(event.requestNumber),
    };
    previous = event.at;
    // Own properties only: a type read from the trail could be any string ("constructor", …).
    const line = Object.hasOwn(EVENT_LINES, event.type) ? EVENT_LINES[event.type] : undefined;
    if (line) lines.push(line(scene));
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

/** "09:04", or "2026-01-06 09:04" when the day changed since the event before. */
function timeOf(at: Date, previous: Date | null): string {
  const iso = at.toISOString();
  const sameDay = previous !== null && previous.toISOString().slice(0, 10) === iso.slice(0, 10);
  return sameDay ? iso.slice(11, 16) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}
