import { consoleLogger, loadDotEnv, runMain, startFromEnv } from "./start.ts";

await runMain(async () => {
  loadDotEnv();
  const { engine } = await startFromEnv(process.env, consoleLogger);
  consoleLogger.info(
    "Engine ready. The Slack surface is not part of this build yet: requests can be inspected with `npm run audit`.",
  );
  await engine.close();
});
