/**
 * How long a test waits for something that happens in the background (a DM delivered, a row
 * written, a process listening) before it calls it missing. Generous on purpose: the suite runs
 * on busy 2-core machines, where a step that takes 50 ms alone can take seconds. Only a real
 * failure should ever reach it; a passing test never waits for it.
 */
export const WAIT_MS = 20_000;
