import { loadEngineConfig } from "../config/engine-config.ts";
import { openDatabase } from "../db/database.ts";
import { databaseTarget, describeTarget } from "../db/target.ts";
import { loadDotEnv, runMain } from "../start.ts";

/**
 * `npm run db:migrate`: applies prisma/migrations with Prisma's own schema engine, like
 * `prisma migrate deploy`, but closes the database afterwards (the Prisma CLI leaves an embedded
 * PGlite open, so on PGlite it never exits).
 */
await runMain(async () => {
  loadDotEnv();
  const config = loadEngineConfig(process.env);
  const target = databaseTarget(config.databaseUrl, config.dataDir);
  const database = await openDatabase(target);
  await database.close();
  const applied = database.applied.length > 0 ? database.applied.join(", ") : "nothing to apply";
  console.log(`${describeTarget(target)}: ${applied}`);
});
