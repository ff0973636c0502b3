import path from "node:path";

/** Where the data lives: embedded PGlite in a directory, or a PostgreSQL server. */
export type DatabaseTarget =
  | { readonly kind: "pglite"; readonly dataDir: string }
  | { readonly kind: "postgres"; readonly url: string };

export function databaseTarget(databaseUrl: string | undefined, dataDir: string): DatabaseTarget {
  if (databaseUrl) return { kind: "postgres", url: databaseUrl };
  return { kind: "pglite", dataDir: path.resolve(dataDir, "pglite") };
}

/** The URL with its password replaced, fit for logs and error messages. */
export function maskDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "****";
    return parsed.toString();
  } catch {
    // Not a URL we can parse: show only the scheme so a password can never leak.
    return `${url.split(":")[0] ?? "database"}://(unparseable URL)`;
  }
}

export function describeTarget(target: DatabaseTarget): string {
  return target.kind === "postgres"
    ? `PostgreSQL at ${maskDatabaseUrl(target.url)}`
    : `embedded PGlite in ${target.dataDir}`;
}
