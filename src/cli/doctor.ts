import { loadDotEnv } from "../config/dotenv.ts";
import { describeError } from "../core/errors.ts";
import { failed } from "../doctor/check-result.ts";
import { runDoctor } from "../doctor/doctor.ts";
import { exitCodeOf, renderReport } from "../doctor/render.ts";

/**
 * `npm run doctor`: checks the configuration, Slack, the database, the actions and their webhook
 * servers, and prints a checklist with a fix for every problem. It changes nothing: no migration,
 * no generated key, no webhook request. Exits 1 when something must be fixed.
 */
let unreadableEnvFile: string | undefined;
try {
  loadDotEnv();
} catch (error) {
  unreadableEnvFile = describeError(error);
}
const results = await runDoctor({ env: process.env });
if (unreadableEnvFile !== undefined) {
  results.unshift(
    failed(`Configuration: cannot read .env: ${unreadableEnvFile}`, {
      fix: "Make .env readable by this user, or remove it and set the variables in the environment.",
    }),
  );
}
process.exitCode = exitCodeOf(results);
// An embedded PGlite leaves a timer running for a while after it closes: exit once the report
// is out rather than wait for it.
process.stdout.write(renderReport(results), () => process.exit());
