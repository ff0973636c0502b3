import type { WebClient } from "@slack/web-api";
import { describeError } from "../../core/errors.ts";
import type { JsonValue } from "../../core/json.ts";
import type { Logger } from "../../core/logger.ts";
import { encodeHomeState, type HomeState, parseHomeState } from "../forms/home-form.ts";
import { renderHome } from "../views/home-view.ts";
import { type HomeSources, loadHomeInput } from "./load-home.ts";

/** Where each person's Home filters are remembered, across restarts and replicas. */
export interface HomePreferences {
  get(userId: string): Promise<JsonValue | null>;
  save(userId: string, state: JsonValue, at: Date): Promise<void>;
  /** Whether they ever opened the Home tab: only then is it refreshed when their requests change. */
  has(userId: string): Promise<boolean>;
}

/** A burst of changes (approve, run, finish) refreshes someone's Home once. */
const REFRESH_DELAY_MS = 500;

/**
 * Publishes each person's Home tab with their remembered filters, and refreshes it when a request
 * they make or check changes, for those who have opened it.
 */
export class HomePublisher {
  readonly #sources: HomeSources;
  readonly #preferences: HomePreferences;
  readonly #client: WebClient;
  readonly #logger: Logger;
  readonly #pending = new Map<string, NodeJS.Timeout>();

  constructor(deps: {
    sources: HomeSources;
    preferences: HomePreferences;
    client: WebClient;
    logger: Logger;
  }) {
    this.#sources = deps.sources;
    this.#preferences = deps.preferences;
    this.#client = deps.client;
    this.#logger = deps.logger;
  }

  /** Publishes `state` (remembering its filters), or what the person chose last time. */
  async publish(userId: string, state?: HomeState): Promise<void> {
    const shown = state ?? (await this.remembered(userId));
    // Filters are remembered; the page is not: coming back starts at the newest requests.
    const remembered = { filter: shown.filter, cursor: {} };
    await this.#preferences.save(
      userId,
      JSON.parse(encodeHomeState(remembered)) as JsonValue,
      this.#sources.clock.now(),
    );
    const input = await loadHomeInput(this.#sources, userId, shown);
    await this.#client.views.publish({ user_id: userId, view: renderHome(input) });
  }

  async remembered(userId: string): Promise<HomeState> {
    const saved = await this.#preferences.get(userId);
    return parseHomeState(saved === null ? undefined : JSON.stringify(saved));
  }

  /** After a change: refresh `userId`'s Home soon, if they ever opened it. */
  refreshSoon(userId: string): void {
    if (this.#pending.has(userId)) return;
    const timer = setTimeout(() => {
      this.#pending.delete(userId);
      void this.#refresh(userId);
    }, REFRESH_DELAY_MS);
    this.#pending.set(userId, timer);
  }

  /** Drops refreshes not yet started: on shutdown. */
  stop(): void {
    for (const timer of this.#pending.values()) clearTimeout(timer);
    this.#pending.clear();
  }

  async #refresh(userId: string): Promise<void> {
    try {
      if (!(await this.#preferences.has(userId))) return;
      await this.publish(userId);
    } catch (error) {
      // A stale Home is harmless and is redrawn when the person opens it again.
      this.#logger.warn(`could not refresh the Home tab of ${userId}: ${describeError(error)}`, {
        user: userId,
      });
    }
  }
}
