/**
 * Every screen of docs/screens.md, in order. To add one, add an entry (a title and a function
 * calling the view builder) to the group it belongs to, then run `npm run screens`.
 */
import { CARD_GROUPS } from "./catalog-cards.ts";
import { FORM_GROUPS } from "./catalog-forms.ts";
import { HOME_GROUPS } from "./catalog-home.ts";
import { NOTICE_GROUPS } from "./catalog-notices.ts";
import type { ScreenGroup } from "./catalog-types.ts";

export const SCREEN_GROUPS: readonly ScreenGroup[] = [
  ...CARD_GROUPS,
  ...NOTICE_GROUPS,
  ...FORM_GROUPS,
  ...HOME_GROUPS,
];
