/** A moment as people read it in a message: "2026-01-05 14:02 UTC". */
export function formatTime(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
