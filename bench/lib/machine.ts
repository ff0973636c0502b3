/** The machine a run measured: the header of every generated section. */
import { readFile } from "node:fs/promises";
import os from "node:os";
import { postgresVersion } from "./databases.ts";

async function pgliteVersion(): Promise<string> {
  const url = new URL("../../node_modules/@electric-sql/pglite/package.json", import.meta.url);
  const { version } = JSON.parse(await readFile(url, "utf8")) as { version: string };
  return `PGlite ${version}`;
}

export interface Machine {
  readonly date: string;
  readonly description: string;
}

export async function describeMachine(): Promise<Machine> {
  const cpu = os.cpus()[0]?.model.replace(/\s+/g, " ").trim() ?? "unknown CPU";
  const memory = `${Math.round(os.totalmem() / 1024 ** 3)} GB RAM`;
  const postgres = await postgresVersion().catch(() => "PostgreSQL unreachable");
  return {
    date: new Date().toISOString().slice(0, 10),
    description: `${os.availableParallelism()} cores (${cpu}), ${memory}, ${os.type()} ${os.release()}, Node ${process.version}, ${postgres} on loopback, ${await pgliteVersion()}`,
  };
}
