import { loadDotEnv } from "../config/dotenv.ts";
import { runAuditCli } from "./audit-cli.ts";

loadDotEnv();

process.exitCode = await runAuditCli(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
});
