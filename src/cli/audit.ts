import { runAuditCli } from "./audit-cli.ts";

try {
  process.loadEnvFile();
} catch (error) {
  // No .env is the normal case in production, where the environment carries the settings.
  if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
}

process.exitCode = await runAuditCli(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
});
