/**
 * Errors that stop an operation. Each carries a stable code (for logs and tests) and a message a
 * person can act on. Expected refusals are not errors: see `Refusal` in ./result.ts.
 */
export class AppError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Configuration (environment or actions.yml) that cannot be used; start-up stops on it. */
export class ConfigError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("CONFIG.INVALID", message, options);
  }
}

export class DatabaseUnavailableError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("DATABASE.UNAVAILABLE", message, options);
  }
}

/**
 * The database is not migrated to the version this code needs, and this start may not fix it:
 * migrations are pending while MIGRATE_ON_START is false, or a newer version migrated it.
 */
export class SchemaVersionError extends AppError {
  constructor(
    code: "DATABASE.MIGRATIONS_PENDING" | "DATABASE.MIGRATED_BY_NEWER_VERSION",
    message: string,
  ) {
    super(code, message);
  }
}

/** The stored history does not match what the code expects (bad migration, corrupt chain). */
export class IntegrityError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("AUDIT.INTEGRITY", message, options);
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
