import type { KnownBlock } from "@slack/types";

/** A one-off message: posted (not edited) so the recipient gets a notification. */
export interface Notice {
  text: string;
  blocks: KnownBlock[];
}
