import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const SCHEMA_PATH = path.join(projectRoot, "prisma/schema.prisma");
export const MIGRATIONS_DIR = path.join(projectRoot, "prisma/migrations");

type SchemaEngineModule = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");

/** Node's WebAssembly global; its types live in lib.dom, which a server project does not load. */
const wasmRuntime = (
  globalThis as unknown as {
    WebAssembly: {
      instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: unknown } }>;
    };
  }
).WebAssembly;

let engineModule: Promise<SchemaEngineModule> | undefined;

/**
 * Prisma's own schema engine, built to WebAssembly: the same code `prisma migrate deploy` runs,
 * so the app and the CLI keep one `_prisma_migrations` history. Its package imports the .wasm as
 * an ES module, which Node 20 cannot do, so it is instantiated by hand, once per process.
 */
function loadSchemaEngine(): Promise<SchemaEngineModule> {
  engineModule ??= (async () => {
    const bindings = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const entry = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm");
    const wasm = await readFile(path.join(path.dirname(entry), "schema_engine_bg.wasm"));
    const { instance } = await wasmRuntime.instantiate(wasm, { "./schema_engine_bg.js": bindings });
    const exports = instance.exports as unknown as { __wbindgen_start(): void };
    bindings.__wbg_set_wasm(exports);
    exports.__wbindgen_start();
    return bindings;
  })();
  return engineModule;
}

async function readMigrationsList(dir: string) {
  const entries = await readdir(dir, { withFileTypes: true });
  const lockPath = path.join(dir, "migration_lock.toml");
  const directories = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return {
    baseDir: dir,
    lockfile: {
      path: "migration_lock.toml",
      content: await readFile(lockPath, "utf8").catch(() => null),
    },
    shadowDbInitScript: "",
    migrationDirectories: await Promise.all(
      directories.map(async (name) => ({
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: await readFile(path.join(dir, name, "migration.sql"), "utf8").then(
            (value) => ({ tag: "ok" as const, value }),
            (error: Error) => ({ tag: "error" as const, value: error.message }),
          ),
        },
      })),
    ),
  };
}

/** Applies pending migrations from prisma/migrations; returns the names it applied. */
export async function applyMigrations(
  factory: SqlMigrationAwareDriverAdapterFactory,
): Promise<string[]> {
  const { SchemaEngine } = await loadSchemaEngine();
  const schema = await readFile(SCHEMA_PATH, "utf8");
  const engine = await SchemaEngine.new(
    { datamodels: [[SCHEMA_PATH, schema]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  try {
    const output = await engine.applyMigrations({
      migrationsList: await readMigrationsList(MIGRATIONS_DIR),
      filters: { externalTables: [], externalEnums: [] },
    });
    return output.appliedMigrationNames;
  } finally {
    engine.free();
  }
}
