import { loadDotEnv, runMain, shutdownSignal, startBotFromEnv } from "./start.ts";

await runMain(async () => {
  loadDotEnv();
  const { bot, logger } = await startBotFromEnv(process.env, {
    interactive: process.stdout.isTTY === true,
  });
  const signal = await shutdownSignal();
  logger.info(`${signal}: finishing running actions and stopping.`);
  await bot.stop();
  logger.info("Stopped.");
});
