import { z } from "zod";

/** Which page of a request's timeline a story-paging button asks for. */
export interface StoryPage {
  readonly requestId: string;
  /** One past the last event shown (events oldest first); the page ends there. */
  readonly end: number;
}

const storyPage = z.object({
  requestId: z.guid(),
  end: z.coerce.number().int().min(0).max(1_000_000),
});

/** The value of an "Older events" / "Newer events" button: `<request id>:<end>`. */
export function encodeStoryPage(page: StoryPage): string {
  return `${page.requestId}:${page.end}`;
}

/** The page a story-paging button names; null when its value is not one. */
export function parseStoryPage(value: unknown): StoryPage | null {
  if (typeof value !== "string") return null;
  const [requestId, end, ...rest] = value.split(":");
  if (rest.length > 0 || end === undefined || !/^\d{1,7}$/.test(end)) return null;
  const parsed = storyPage.safeParse({ requestId, end });
  return parsed.success ? parsed.data : null;
}
