import type { WorkflowStep } from "../types.ts";

/** What a maker files: the form as they sent it, before any check. */
export interface NewRequestInput {
  readonly actionId: string;
  readonly environment: string;
  readonly team: string;
  /** Raw form values; validated and normalised with the action's schema. */
  readonly params: unknown;
  readonly purpose: string;
  readonly makerId: string;
  readonly checkerIds: readonly string[];
  /**
   * Set when the maker breaks the glass: it runs at once, without a checker; the checkers named
   * (and the action's designated ones) review it afterwards.
   */
  readonly breakGlass?: { readonly reason: string } | undefined;
  /** Set when a Workflow Builder step files it: the step is completed when it closes. */
  readonly workflowStep?: WorkflowStep | undefined;
}
