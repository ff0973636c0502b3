import { defineConfig } from "prisma/config";
import { openPGlite, openPostgresForMigrations } from "./src/db/adapters.ts";
import { databaseTarget } from "./src/db/target.ts";

// With a config file Prisma's CLI no longer reads .env itself; read it as `npm start` does.
try {
  process.loadEnvFile();
} catch {
  // No .env: the environment alone configures the CLI.
}

export default defineConfig({
  experimental: { adapter: true },
  // WASM engines only: nothing is downloaded, so the CLI works offline and in locked-down CI.
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  async adapter() {
    const target = databaseTarget(process.env.DATABASE_URL, process.env.DATA_DIR ?? "./data");
    if (target.kind === "postgres") return openPostgresForMigrations(target.url).factory;
    return (await openPGlite(target.dataDir)).factory;
  },
});
