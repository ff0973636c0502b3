import { EMPTY_HEAD, sealEvent } from "../../src/audit/chain.ts";
import type { AuditEvent, AuditEventDraft } from "../../src/audit/events.ts";
import { type AuditKey, auditKeyFrom } from "../../src/audit/key.ts";
import { evolve } from "../../src/requests/replay.ts";
import type { RequestStore, Written } from "../../src/requests/store.ts";
import type { RequestRecord } from "../../src/requests/types.ts";

/** The RequestStore contract in memory: same chain, same compare-and-set, no database. */
export class MemoryRequestStore implements RequestStore {
  readonly requests = new Map<string, RequestRecord>();
  readonly events: AuditEvent[] = [];
  readonly #key: AuditKey;
  #nextNumber = 1;

  constructor(key: AuditKey = auditKeyFrom("k".repeat(32))) {
    this.#key = key;
  }

  async findById(id: string) {
    return this.requests.get(id) ?? null;
  }

  async findByNumber(number: number) {
    return [...this.requests.values()].find((request) => request.number === number) ?? null;
  }

  async insert(makeEvent: (number: number) => AuditEventDraft): Promise<Written> {
    const event = this.#append(makeEvent(this.#nextNumber++));
    const request = evolve(null, event);
    this.requests.set(request.id, request);
    return { request, event };
  }

  async transition(current: RequestRecord, draft: AuditEventDraft): Promise<Written | null> {
    if (this.requests.get(current.id)?.version !== current.version) return null;
    const request = evolve(current, draft);
    this.requests.set(request.id, request);
    return { request, event: this.#append(draft) };
  }

  async append(draft: AuditEventDraft) {
    return this.#append(draft);
  }

  async eventsOf(correlationId: string) {
    return this.events.filter((event) => event.correlationId === correlationId);
  }

  #append(draft: AuditEventDraft): AuditEvent {
    const last = this.events.at(-1);
    const event = sealEvent(this.#key, last ?? EMPTY_HEAD, draft);
    this.events.push(event);
    return event;
  }
}
