import { triggerId } from "./ids.ts";

/** Slack lets an app exchange a trigger_id for a modal once, within three seconds. */
export const TRIGGER_TTL_MS = 3000;

interface Trigger {
  userId: string;
  mintedAt: number;
  used: boolean;
}

export class TriggerBook {
  private readonly triggers = new Map<string, Trigger>();

  /** ttlMs: null turns expiry off, for tests that step through slowly (e.g. under a debugger). */
  constructor(
    public ttlMs: number | null = TRIGGER_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  mint(userId: string): string {
    const id = triggerId();
    this.triggers.set(id, { userId, mintedAt: this.now(), used: false });
    return id;
  }

  /** Returns the user the trigger belongs to, or the error code Slack would answer with. */
  exchange(id: unknown): { userId: string } | { error: string } {
    const trigger = typeof id === "string" ? this.triggers.get(id) : undefined;
    if (!trigger) return { error: "invalid_trigger_id" };
    if (this.ttlMs !== null && this.now() - trigger.mintedAt > this.ttlMs) {
      return { error: "expired_trigger_id" };
    }
    if (trigger.used) return { error: "exchanged_trigger_id" };
    trigger.used = true;
    return { userId: trigger.userId };
  }
}
