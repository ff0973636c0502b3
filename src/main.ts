import { consoleLogger, loadDotEnv, runMain, shutdownSignal, startBotFromEnv } from "./start.ts";

await runMain(async () => {
  loadDotEnv();
  const bot = await startBotFromEnv(process.env, consoleLogger);
  const signal = await shutdownSignal();
  consoleLogger.info(`${signal}: finishing running actions and stopping.`);
  await bot.stop();
});
