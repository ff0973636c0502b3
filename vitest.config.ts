import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Builds the migrated databases (PGlite, and PostgreSQL with TEST_DATABASE_URL) tests copy.
    globalSetup: ["test/support/global-setup.ts"],
    // Integration tests each open their own database; a few at a time keeps PGlite's memory in check.
    maxWorkers: 4,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
