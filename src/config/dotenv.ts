/** Reads .env when present; the environment wins over it, as with every twelve-factor tool. */
export function loadDotEnv(): void {
  try {
    process.loadEnvFile();
  } catch (error) {
    // No .env is the normal case in production, where the environment carries the settings.
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}
