import type { Clock } from "../core/clock.ts";
import type { Logger } from "../core/logger.ts";
import type { ActionRegistry } from "../factory/registry.ts";
import type { DelegationService } from "../requests/delegation-service.ts";
import type { RequestQuery } from "../requests/request-query.ts";
import type { RequestService } from "../requests/request-service.ts";
import type { HomePublisher } from "./home/home-publisher.ts";
import type { ReplayGuard } from "./replay-guard.ts";

/** What the listeners work with: the core, and the little Slack-side state they share. */
export interface SlackDeps {
  readonly requests: RequestService;
  readonly delegations: DelegationService;
  readonly actions: ActionRegistry;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly replays: ReplayGuard;
  readonly query: RequestQuery;
  readonly home: HomePublisher;
  /**
   * How long a modal submission may take before it is answered with a "saving" screen: Slack
   * gives up on an answer after 3 seconds.
   */
  readonly submissionDeadlineMs: number;
}
