import type { AuditEventDraft } from "../../src/requests/audit-events.ts";
import { type Delegation, type DelegationStore, isActive } from "../../src/requests/delegation.ts";

/** The DelegationStore contract in memory; events go to `events` (the chain is not the point). */
export class MemoryDelegationStore implements DelegationStore {
  readonly delegations: Delegation[] = [];
  readonly events: AuditEventDraft[] = [];

  async activeFor(checkerId: string, at: Date) {
    return this.#latest((d) => d.checkerId === checkerId && isActive(d, at));
  }

  async currentOf(checkerId: string, at: Date) {
    return this.#latest((d) => d.checkerId === checkerId && d.endedAt === null && d.endsAt > at);
  }

  async insert(delegation: Delegation, event: AuditEventDraft) {
    this.delegations.push(delegation);
    this.events.push(event);
    return delegation;
  }

  async end(id: string, at: Date, event: AuditEventDraft) {
    const index = this.delegations.findIndex((d) => d.id === id && d.endedAt === null);
    const found = this.delegations[index];
    if (!found) return null;
    const ended = { ...found, endedAt: at };
    this.delegations[index] = ended;
    this.events.push(event);
    return ended;
  }

  async startedNotActivated(at: Date, limit: number) {
    return this.delegations
      .filter((d) => d.activatedAt === null && isActive(d, at))
      .slice(0, limit);
  }

  async markActivated(id: string, at: Date) {
    const index = this.delegations.findIndex((d) => d.id === id && d.activatedAt === null);
    const found = this.delegations[index];
    if (found) this.delegations[index] = { ...found, activatedAt: at };
  }

  #latest(match: (d: Delegation) => boolean): Delegation | null {
    return this.delegations.filter(match).at(-1) ?? null;
  }
}
