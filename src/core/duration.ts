import { z } from "zod";

const UNITS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION = /^(\d{1,6})\s*([mhd])$/;
const EXAMPLES = "like 30m, 4h or 7d";

/** "30m", "4h", "7d" in milliseconds; null when the text is not such a duration. */
export function parseDuration(text: string): number | null {
  const match = DURATION.exec(text.trim());
  if (!match) return null;
  const [, amount, unit] = match;
  const ms = Number(amount) * UNITS[unit as keyof typeof UNITS];
  return ms > 0 ? ms : null;
}

/** The shortest way to write `ms` in the units `parseDuration` reads: 14400000 → "4h". */
export function formatDuration(ms: number): string {
  if (ms % UNITS.d === 0) return `${ms / UNITS.d}d`;
  if (ms % UNITS.h === 0) return `${ms / UNITS.h}h`;
  return `${Math.round(ms / UNITS.m)}m`;
}

/** A duration setting: text in, milliseconds out, with a message that shows the format. */
export const durationSchema = z.coerce.string().transform((text, ctx) => {
  const ms = parseDuration(text);
  if (ms === null) {
    ctx.addIssue({
      code: "custom",
      message: `must be a duration ${EXAMPLES} (a whole number, then m, h or d)`,
    });
    return z.NEVER;
  }
  return ms;
});
