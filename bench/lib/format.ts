/** How numbers read in the tables: a few significant digits, thousands separated. */

export function ms(value: number): string {
  if (!Number.isFinite(value)) return "–";
  if (value < 10) return `${value.toFixed(1)} ms`;
  if (value < 10_000) return `${Math.round(value).toLocaleString("en")} ms`;
  return `${(value / 1000).toFixed(1)} s`;
}

export function count(value: number): string {
  return Math.round(value).toLocaleString("en");
}

export function perSecond(value: number): string {
  return `${value < 100 ? value.toFixed(1) : count(value)}/s`;
}

export function mb(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MB`;
}

export function ratio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : "–";
}

export function seconds(milliseconds: number): string {
  return `${(milliseconds / 1000).toFixed(1)} s`;
}

/** "met" or "**missed**", for a target column. */
export function verdict(met: boolean): string {
  return met ? "met" : "**missed**";
}
