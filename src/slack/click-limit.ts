import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";
import type { Clock } from "../core/clock.ts";
import type { Logger } from "../core/logger.ts";
import { describeWindow, type Rate } from "../requests/limits.ts";
import { noticeModal } from "./views/submission-status.ts";

export type ClickVerdict =
  | { readonly allowed: true }
  /** `first`: the first click refused since the person was last let through. */
  | { readonly allowed: false; readonly retryInMs: number; readonly first: boolean };

interface Hits {
  /** When their clicks let through in the window were made, oldest first. */
  times: number[];
  limited: boolean;
}

/**
 * At most `rate.count` clicks per person in any `rate.windowMs`, counted in this process's
 * memory: with several replicas, each counts the clicks Slack sends it. Holds at most `maxPeople`
 * people, forgetting first those who clicked least recently.
 */
export class ClickLimiter {
  readonly #people = new Map<string, Hits>();
  readonly #rate: Rate;
  readonly #clock: Clock;
  readonly #maxPeople: number;

  constructor(rate: Rate, clock: Clock, maxPeople = 10_000) {
    this.#rate = rate;
    this.#clock = clock;
    this.#maxPeople = maxPeople;
  }

  get rate(): Rate {
    return this.#rate;
  }

  /** Records a click by `userId` now, unless it is over the limit. */
  click(userId: string): ClickVerdict {
    const now = this.#clock.now().getTime();
    const since = now - this.#rate.windowMs;
    const hits = this.#people.get(userId) ?? { times: [], limited: false };
    hits.times = hits.times.filter((at) => at > since);
    // Maps iterate in insertion order: re-inserting keeps the most recent clickers last.
    this.#people.delete(userId);
    this.#people.set(userId, hits);
    this.#forget(since);
    const oldest = hits.times[0];
    if (oldest !== undefined && hits.times.length >= this.#rate.count) {
      const first = !hits.limited;
      hits.limited = true;
      return { allowed: false, retryInMs: oldest + this.#rate.windowMs - now, first };
    }
    hits.times.push(now);
    hits.limited = false;
    return { allowed: true };
  }

  #forget(since: number): void {
    for (const [userId, hits] of this.#people) {
      const last = hits.times.at(-1) ?? 0;
      if (this.#people.size <= this.#maxPeople && last > since) return;
      if (this.#people.size <= 1) return;
      this.#people.delete(userId);
    }
  }
}

/** What a person clicking too fast reads; true to the limit and to when they may go on. */
export function slowDownText(rate: Rate, retryInMs: number): string {
  const seconds = Math.max(1, Math.ceil(retryInMs / 1000));
  const times = rate.count === 1 ? "once" : `${rate.count} times`;
  return `Slow down… you clicked ${times} in the last ${describeWindow(rate.windowMs)}, so this did nothing. Try again in ${seconds} second${seconds === 1 ? "" : "s"}.`;
}

const LIMITED_KINDS = new Set(["block_actions", "view_submission"]);

interface Interaction {
  readonly type?: string;
  readonly user?: { readonly id?: string };
  readonly response_url?: string;
  readonly trigger_id?: string;
  readonly view?: { readonly type?: string };
}

/**
 * Bolt global middleware: a click or form submission over the limit is answered "slow down" and
 * goes no further (no listener runs). Under a message the answer is an ephemeral reply; in a
 * modal, a notice pushed over it (the form underneath keeps what was typed); in the Home tab, a
 * notice modal.
 */
export function clickLimit(limiter: ClickLimiter, logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const body = args.body as Interaction;
    const userId = body.user?.id;
    if (!body.type || !LIMITED_KINDS.has(body.type) || !userId) return args.next();
    const verdict = limiter.click(userId);
    if (verdict.allowed) return args.next();
    if (verdict.first) {
      logger.warn(`slack: ${userId} clicks faster than CLICK_RATE_LIMIT allows; told to slow down`);
    }
    const text = slowDownText(limiter.rate, verdict.retryInMs);
    const notice = noticeModal("Slow down", text);
    const { ack, respond, client } = args as unknown as {
      ack: (response?: object) => Promise<void>;
      respond?: (message: object) => Promise<unknown>;
      client: typeof args.client;
    };
    if (body.type === "view_submission") {
      await ack({ response_action: "push", view: notice });
      return;
    }
    await ack();
    if (body.response_url && respond) {
      await respond({ response_type: "ephemeral", replace_original: false, text });
    } else if (body.trigger_id && body.view?.type === "modal") {
      await client.views.push({ trigger_id: body.trigger_id, view: notice });
    } else if (body.trigger_id) {
      await client.views.open({ trigger_id: body.trigger_id, view: notice });
    }
  };
}
