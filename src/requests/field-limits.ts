/** The longest text a maker or checker may type into each field, in characters. */
export const LIMITS = {
  purpose: 3000,
  team: 200,
  environment: 100,
  reason: 3000,
} as const;
