import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Builds the migrated databases (PGlite, and PostgreSQL with TEST_DATABASE_URL) tests copy.
    globalSetup: ["test/support/global-setup.ts"],
    // Integration tests each open their own database; a few at a time keeps PGlite's memory in check.
    maxWorkers: 4,
    // Bounds for a test that hangs, not for a slow one: on a crowded 2-core machine a test that
    // takes 2 s alone can take 20. Waits inside tests use WAIT_MS (test/support/patience.ts).
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
