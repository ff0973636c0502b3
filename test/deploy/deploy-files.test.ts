/**
 * The deployment files, read the way Docker and Compose read them (no Docker engine here): what
 * they must say for the image to build and run safely, and that they agree with the repository.
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";

const root = path.resolve(import.meta.dirname, "../..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");
const packageJson = JSON.parse(read("package.json")) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
};

interface Instruction {
  readonly keyword: string;
  readonly args: string;
  readonly line: number;
}

interface Stage {
  readonly name: string | undefined;
  readonly image: string;
  readonly instructions: Instruction[];
}

/** Dockerfile instructions, with `\` continuations joined and comments dropped. */
function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending: { text: string; line: number } | null = null;
  text.split("\n").forEach((raw, index) => {
    const line = raw.trim();
    if (line.startsWith("#") || (line === "" && !pending)) return;
    const continued = line.endsWith("\\");
    const body = continued ? line.slice(0, -1).trim() : line;
    pending = pending
      ? { ...pending, text: `${pending.text} ${body}` }
      : { text: body, line: index + 1 };
    if (continued) return;
    const [keyword = "", ...rest] = pending.text.split(/\s+/);
    instructions.push({ keyword: keyword.toUpperCase(), args: rest.join(" "), line: pending.line });
    pending = null;
  });
  return instructions;
}

/** Stages from FROM to FROM; a global ARG's default fills in the image name. */
function stagesOf(instructions: Instruction[]): Stage[] {
  const globals = new Map<string, string>();
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === "FROM") {
      const [image = "", as, name] = instruction.args.split(/\s+/);
      const resolved = image.replace(
        /\$\{(\w+)\}|\$(\w+)/g,
        (_, a, b) => globals.get(a ?? b) ?? "",
      );
      stages.push({
        name: as?.toUpperCase() === "AS" ? name : undefined,
        image: resolved,
        instructions: [],
      });
    } else if (stages.length === 0 && instruction.keyword === "ARG") {
      const [key = "", value = ""] = instruction.args.split("=");
      globals.set(key, value);
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

/** A JSON-array (exec form) argument, or the shell form split on spaces. */
function commandWords(args: string): string[] {
  const trimmed = args.trim();
  return trimmed.startsWith("[") ? (JSON.parse(trimmed) as string[]) : trimmed.split(/\s+/);
}

/** COPY's sources and destination, leaving out its --flags. */
function copyParts(args: string): { from?: string; sources: string[]; destination: string } {
  const words = args.split(/\s+/);
  const from = words.find((word) => word.startsWith("--from="))?.slice("--from=".length);
  const paths = words.filter((word) => !word.startsWith("--"));
  return {
    ...(from ? { from } : {}),
    sources: paths.slice(0, -1),
    destination: paths.at(-1) ?? "",
  };
}

function envOf(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { args } of stage.instructions.filter((i) => i.keyword === "ENV")) {
    for (const pair of args.split(/\s+/)) {
      const [key = "", value = ""] = pair.split("=");
      env[key] = value;
    }
  }
  return env;
}

/** Every `npm run NAME` and `npm start|test` a text names. */
function npmScriptsNamed(text: string): string[] {
  const named = [...text.matchAll(/npm(?:",\s*"|\s+)run(?:",\s*"|\s+)([\w:-]+)/g)].map((m) => m[1]);
  const shorthands = [...text.matchAll(/npm\s+(start|test)\b/g)].map((m) => m[1]);
  return [...new Set([...named, ...shorthands])] as string[];
}

const dockerfile = parseDockerfile(read("Dockerfile"));
const stages = stagesOf(dockerfile);
const final = stages.at(-1) as Stage;
const dockerignore = read(".dockerignore")
  .split("\n")
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith("#"));

describe("Dockerfile", () => {
  it("parses continuations into one instruction", () => {
    const parsed = parseDockerfile("FROM a AS b\n# note\nRUN one \\\n  two \\\n  three\nUSER x\n");
    expect(parsed.map((i) => [i.keyword, i.args])).toEqual([
      ["FROM", "a AS b"],
      ["RUN", "one two three"],
      ["USER", "x"],
    ]);
  });

  it("builds in one stage and runs from another, on Node 20 slim (bookworm)", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(final.image).toMatch(/^node:20[\w.-]*-bookworm-slim$/);
    expect(final.name).toBeDefined();
  });

  it("generates the Prisma client after copying the schema, its config and src/db", () => {
    const build = stages[0] as Stage;
    const runs = build.instructions.map((i) => `${i.keyword} ${i.args}`);
    const generate = runs.findIndex((text) => /prisma generate|npm run db:generate/.test(text));
    const install = runs.findIndex((text) => /^RUN npm ci\b/.test(text));
    expect(install).toBeGreaterThanOrEqual(0);
    expect(generate).toBeGreaterThan(install);
    const copiedBefore = build.instructions
      .slice(0, generate)
      .filter((i) => i.keyword === "COPY")
      .flatMap((i) => copyParts(i.args).sources);
    for (const needed of ["prisma", "prisma.config.ts", "src"])
      expect(copiedBefore).toContain(needed);
    // An npm ci that runs install scripts runs postinstall (prisma generate): the schema first.
    if (!/--ignore-scripts/.test(runs[install] as string)) {
      const copiedBeforeInstall = build.instructions
        .slice(0, install)
        .flatMap((i) => (i.keyword === "COPY" ? copyParts(i.args).sources : []));
      expect(copiedBeforeInstall).toContain("prisma");
    }
    if (packageJson.scripts["db:generate"]) {
      expect(packageJson.scripts["db:generate"]).toBe("prisma generate");
    }
  });

  it("installs production dependencies only in the final stage, with the generated client", () => {
    const runs = final.instructions.filter((i) => i.keyword === "RUN").map((i) => i.args);
    const copies = final.instructions
      .filter((i) => i.keyword === "COPY")
      .map((i) => copyParts(i.args));
    const prodInstall = runs.some((args) => /npm ci\b.*--omit=dev/.test(args));
    const prodModulesFrom = copies.find(
      (c) => c.from && c.sources.some((s) => /node_modules/.test(s)),
    );
    if (!prodInstall) {
      const source = stages.find((stage) => stage.name === prodModulesFrom?.from);
      expect(source?.instructions.some((i) => /npm ci\b.*--omit=dev/.test(i.args))).toBe(true);
    }
    // The compiled code (the generated client in it) comes from the build stage, which builds it.
    const build = stages.find((stage) => stage.name !== final.name);
    expect(build?.instructions.some((i) => /npm run build\b/.test(i.args))).toBe(true);
    expect(copies.some((c) => c.from && c.sources.some((s) => /(^|\/)dist\/?$/.test(s)))).toBe(
      true,
    );
    // What the code reads at run time: the migrations and schema, the manifest the doctor checks.
    const fromContext = copies.filter((c) => !c.from).flatMap((c) => c.sources);
    for (const needed of ["package.json", "prisma", "manifest.yml"]) {
      expect(fromContext).toContain(needed);
    }
    // No TypeScript at run time: the image runs what the build compiled.
    expect(fromContext).not.toContain("src");
  });

  it("runs as a user other than root, with the production settings", () => {
    const users = final.instructions.filter((i) => i.keyword === "USER");
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)?.args).not.toMatch(/^(root|0)(:|$)/);
    expect(envOf(final)).toMatchObject({
      NODE_ENV: "production",
      MIGRATE_ON_START: "false",
      DATA_DIR: "/data",
    });
    const volumes = final.instructions.filter((i) => i.keyword === "VOLUME").map((i) => i.args);
    expect(volumes.join(" ")).toContain("/data");
    const port = envOf(final).PORT ?? "3000";
    expect(final.instructions.filter((i) => i.keyword === "EXPOSE").map((i) => i.args)).toContain(
      port,
    );
  });

  it("starts node itself (signals reach the bot), never migrating, with runtime packages only", () => {
    const cmd = final.instructions.filter((i) => i.keyword === "CMD").at(-1);
    const entrypoint = final.instructions.filter((i) => i.keyword === "ENTRYPOINT");
    expect(cmd).toBeDefined();
    expect(cmd?.args.trim().startsWith("[")).toBe(true);
    const words = commandWords(cmd?.args ?? "");
    expect(words[0]).toBe("node");
    for (const start of [cmd, ...entrypoint]) {
      expect(start?.args).not.toMatch(/migrat/i);
    }
    // `npm start` must be what the image runs: the compiled entry point, no loader.
    expect(packageJson.scripts.start).toBe(words.join(" "));
    expect(words).toEqual(["node", "dist/main.js"]);
    expect(Object.keys(packageJson.dependencies)).not.toContain("tsx");
  });

  it("checks health with node, on a file the image contains", () => {
    const check = final.instructions.find((i) => i.keyword === "HEALTHCHECK");
    expect(check).toBeDefined();
    const command = (check?.args ?? "").split(/\bCMD\b/)[1] ?? "";
    const words = commandWords(command);
    expect(words[0]).toBe("node");
    const script = words[1] as string;
    expect(existsSync(path.join(root, script))).toBe(true);
    const copied = final.instructions
      .filter((i) => i.keyword === "COPY")
      .flatMap((i) => copyParts(i.args).sources);
    expect(copied).toContain(script);
  });

  it("copies only paths that exist and that .dockerignore lets through", () => {
    const sources = dockerfile
      .filter((i) => i.keyword === "COPY" || i.keyword === "ADD")
      .map((i) => copyParts(i.args))
      .filter((copy) => !copy.from)
      .flatMap((copy) => copy.sources);
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(existsSync(path.join(root, source)), `${source} exists`).toBe(true);
      const top = source.split("/")[0] as string;
      expect(dockerignore, `${source} is not ignored`).not.toContain(source);
      expect(dockerignore, `${source} is not ignored`).not.toContain(top);
    }
  });
});

describe(".env.example", () => {
  it("does not override what the image sets when passed with --env-file", () => {
    const image = envOf(final);
    const set = read(".env.example")
      .split("\n")
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => line.split("=") as [string, string]);
    for (const [name, value] of set) {
      if (name in image) expect(value, name).toBe(image[name]);
    }
  });
});

describe(".dockerignore", () => {
  it("keeps secrets, local data, host modules and the generated client out of the image", () => {
    for (const entry of [".env", "node_modules", ".git", "data", "src/generated"]) {
      expect(dockerignore).toContain(entry);
    }
  });
});

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, string>;
  env_file?: string | string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] | string };
  ports?: string[];
  volumes?: string[];
  stop_grace_period?: string;
  restart?: string;
}

const compose = parseYaml(read("docker-compose.yml")) as {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
};
const services = compose.services;
const service = (name: string) => services[name] as ComposeService;

/** docker compose's `${NAME:-default}`, as it would expand with nothing set. */
function withDefaults(text: string): string {
  return text.replace(/\$\{\w+:-([^}]*)\}/g, "$1");
}

function userOf(url: string | undefined): string {
  return new URL(withDefaults(url ?? "")).username;
}

function secondsOf(duration: string | undefined): number {
  const match = /^(\d+)(s|m)$/.exec(duration ?? "");
  if (!match) return 0;
  return Number(match[1]) * (match[2] === "m" ? 60 : 1);
}

describe("docker-compose.yml", () => {
  it("has postgres, a one-shot migrate and the bot", () => {
    expect(Object.keys(services).sort()).toEqual(["bot", "migrate", "postgres"]);
  });

  it("runs postgres 16 on a named volume, healthy once pg_isready answers", () => {
    const postgres = service("postgres");
    expect(postgres.image).toMatch(/^postgres:16\b/);
    expect([postgres.healthcheck?.test].flat().join(" ")).toContain("pg_isready");
    const dataVolume = postgres.volumes?.find((v) => v.endsWith(":/var/lib/postgresql/data"));
    expect(dataVolume).toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(dataVolume?.split(":")[0]);
  });

  it("sets up the roles with deploy/postgres/roles.sql when the database is created", () => {
    const postgres = service("postgres");
    const mounts = (postgres.volumes ?? []).map((v) => v.split(":"));
    const init = mounts.find(([, target]) => target?.startsWith("/docker-entrypoint-initdb.d/"));
    expect(init).toBeDefined();
    const script = read(init?.[0] as string);
    const roles = mounts.find(([source]) => source === "./deploy/postgres/roles.sql");
    expect(roles).toBeDefined();
    expect(script).toContain(`-f ${roles?.[1]}`);
    for (const [source] of mounts.filter(([s]) => s?.startsWith("."))) {
      expect(existsSync(path.join(root, source as string)), `${source} exists`).toBe(true);
    }
    const env = postgres.environment ?? {};
    for (const name of script.matchAll(/\$\{?(FOUR_EYES_\w+)/g)) {
      expect(Object.keys(env), `postgres passes ${name[1]}`).toContain(name[1]);
    }
  });

  it("migrates as the owner role once postgres is healthy, then exits", () => {
    const migrate = service("migrate");
    const command = [migrate.command].flat().join(" ");
    expect(command).toMatch(/npm run db:migrate|src\/cli\/migrate\.ts/);
    expect(migrate.depends_on?.postgres?.condition).toBe("service_healthy");
    expect(migrate.restart ?? "no").toBe("no");
    expect(userOf(migrate.environment?.DATABASE_URL)).toBe(
      service("postgres").environment?.FOUR_EYES_OWNER_ROLE,
    );
  });

  it("starts the bot as the app role after the migration succeeded, never migrating itself", () => {
    const bot = service("bot");
    expect(bot.depends_on).toEqual({
      postgres: { condition: "service_healthy" },
      migrate: { condition: "service_completed_successfully" },
    });
    expect([bot.env_file].flat()).toContain(".env");
    const env = bot.environment ?? {};
    expect(userOf(env.DATABASE_URL)).toBe(service("postgres").environment?.FOUR_EYES_APP_ROLE);
    expect(userOf(env.DATABASE_URL)).not.toBe(userOf(service("migrate").environment?.DATABASE_URL));
    expect(env.MIGRATE_ON_START).toBe("false");
    expect(env.PORT).toBe("3000");
    expect(bot.ports).toContain("3000:3000");
    expect(secondsOf(bot.stop_grace_period)).toBeGreaterThanOrEqual(30);
    expect(bot.image).toBe(service("migrate").image);
  });

  it("points every bind mount at a file in the repository", () => {
    for (const [name, { volumes = [] }] of Object.entries(services)) {
      for (const source of volumes.map((v) => v.split(":")[0] as string)) {
        if (source.startsWith(".")) {
          expect(existsSync(path.join(root, source)), `${name}: ${source}`).toBe(true);
        } else {
          expect(Object.keys(compose.volumes ?? {}), `${name}: volume ${source}`).toContain(source);
        }
      }
    }
  });
});

describe("docs/deploy.md", () => {
  const doc = read("docs/deploy.md");

  it("explains every variable compose and the image set", () => {
    const names = new Set([
      ...Object.values(services).flatMap((s) => Object.keys(s.environment ?? {})),
      ...Object.keys(envOf(final)),
    ]);
    expect(names.size).toBeGreaterThan(5);
    for (const name of names) expect(doc, name).toContain(`\`${name}\``);
  });

  it("names the settings replicas need and the files it refers to", () => {
    for (const name of [
      "AUDIT_KEY",
      "LOG_LEVEL",
      "METRICS_PORT",
      "/healthz",
      "/readyz",
      "/metrics",
    ]) {
      expect(doc).toContain(name);
    }
    const links = [...doc.matchAll(/\]\((\.\.\/[^)#]+)/g)].map((m) => m[1] as string);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      expect(existsSync(path.resolve(root, "docs", link)), link).toBe(true);
    }
  });

  it("is linked from the README", () => {
    expect(read("README.md")).toContain("(docs/deploy.md)");
  });
});

describe("commands the deployment files name", () => {
  it("are npm scripts of package.json", () => {
    const named = ["Dockerfile", "docker-compose.yml", "docs/deploy.md", "README.md"].flatMap(
      (file) => npmScriptsNamed(read(file)).map((script) => ({ file, script })),
    );
    expect(named.map((n) => n.script)).toContain("db:migrate");
    for (const { file, script } of named) {
      expect(Object.keys(packageJson.scripts), `${file}: npm ${script}`).toContain(script);
    }
  });
});

describe("deploy/healthcheck.mjs", () => {
  let server: Server;
  let port: number;
  let status = 200;

  beforeAll(async () => {
    server = createServer((request, response) => {
      response.statusCode = request.url === "/healthz" ? status : 404;
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function check(env: Record<string, string>): Promise<{ code: number; out: string }> {
    try {
      const { stdout } = await promisify(execFile)(process.execPath, ["deploy/healthcheck.mjs"], {
        cwd: root,
        env: { PATH: process.env.PATH ?? "", ...env },
      });
      return { code: 0, out: stdout };
    } catch (error) {
      const failed = error as { code: number; stdout: string };
      return { code: failed.code, out: failed.stdout };
    }
  }

  it("passes on 200 from /healthz on PORT, fails otherwise", async () => {
    status = 200;
    expect(await check({ PORT: String(port) })).toEqual({
      code: 0,
      out: `GET /healthz on port ${port}: 200\n`,
    });
    status = 503;
    expect((await check({ PORT: String(port) })).code).toBe(1);
  });

  /** A port nothing listens on: one the system just handed out and took back. */
  async function closedPort(): Promise<number> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const { port: free } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    return free;
  }

  it("prefers METRICS_PORT, and fails when nothing listens", async () => {
    status = 200;
    const nothing = String(await closedPort());
    expect((await check({ PORT: nothing, METRICS_PORT: String(port) })).code).toBe(0);
    const closed = await check({ PORT: nothing });
    expect(closed.code).toBe(1);
    expect(closed.out).toContain("ECONNREFUSED");
  });

  it("in Socket Mode without METRICS_PORT says it cannot tell, without failing the bot", async () => {
    expect(await check({ SLACK_APP_TOKEN: "xapp-1" })).toEqual({
      code: 0,
      out: "Socket Mode without METRICS_PORT: no HTTP port to check; set METRICS_PORT.\n",
    });
  });
});
