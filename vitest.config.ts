import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Builds the migrated databases (PGlite, and PostgreSQL with TEST_DATABASE_URL) tests copy.
    globalSetup: ["test/support/global-setup.ts"],
    // Test files share their worker's modules: Bolt, Prisma's client and PGlite's WebAssembly are
    // loaded once per worker instead of once per file, most of the suite's work otherwise. So a
    // test file leaves global state as it found it (nock's network switch, fake timers).
    isolate: false,
    // A few files at a time: they wait on sockets and child processes as much as they compute.
    maxWorkers: 4,
    // Bounds for a test that hangs, not for a slow one: on a crowded 2-core machine a test that
    // takes 2 s alone can take 20. Waits inside tests use WAIT_MS (test/support/patience.ts).
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
