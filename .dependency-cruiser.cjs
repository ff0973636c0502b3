// The layers of src/, checked by `npm run check:layers` (part of `npm run check`) on the
// resolved files and on the folder graph; `npm run layers` prints that graph.
// biome.json says the same per folder with style/noRestrictedImports on the import text
// (patterns such as "**/db/**" match "../db/x.ts" and "../../db/x.ts" alike). There, an
// override's options for a rule REPLACE an earlier override's, so each file of src/ matches
// exactly one noRestrictedImports override; and suspicious/noImportCycles is switched on at
// the top level (Biome builds its module graph only then) and off outside src/; both tools
// count type-only imports in a cycle.
// Only src/ is under these rules: not test/, not bench/.

/**
 * Every folder of src/ (and the two entry files), lowest first. A module may import
 * its own folder and the folders BEFORE its own, never one after it: the folder graph
 * therefore has no cycle. A new folder must be given its place here (see `unplaced`).
 */
const ORDER = [
  "core", // errors, results, clock, durations
  "factory", // action types, the registry, webhooks
  "requests", // the domain: rules, state machine, use-cases/
  "trail", // the seal of the audit trail (chain, key)
  "config", // loading the configuration (takes env as an argument)
  "logging",
  "outbox",
  "scheduler",
  "telemetry",
  "actions", // the built-in actions (plug-ins of the factory)
  "audit", // operator tools over the trail: verify, export
  "db", // Prisma adapters of the core's ports (with src/generated)
  "slack", // the Slack adapter: listeners, views, forms, home
  "app", // the composition root: wires slack, db, engine, scheduler, servers
  "doctor",
  "start.ts",
  "cli",
  "main.ts",
];

/** Folders that form the core: no Slack, no database, no composition root. */
const CORE = [
  "core",
  "config",
  "requests",
  "trail",
  "factory",
  "actions",
  "scheduler",
  "outbox",
  "telemetry",
  "logging",
  "audit",
];

const esc = (name) => name.replace(/\./g, "\\.");
const src = (names) => `^src/(${names.map(esc).join("|")})(/|$)`;
const SLACK_PKG = "(^|/)node_modules/@slack/";
const PRISMA_PKG = "(^|/)node_modules/(@prisma/|prisma/|\\.prisma/)";

/**
 * What the named rules below already forbid to a folder: the order rule does not
 * report the same import a second time.
 */
const NAMED = (name) => [
  ...(CORE.includes(name) ? ["slack", "db", "app", "cli", "doctor"] : []),
  ...(name === "slack" ? ["db", "app", "cli", "doctor"] : []),
  ...(name === "db" ? ["slack", "app", "cli", "doctor"] : []),
  ...(["app", "main.ts", "start.ts", "cli", "doctor"].includes(name) ? [] : ["app"]),
];

const layerOrder = ORDER.slice(0, -1)
  .map((name, i) => {
    const above = ORDER.slice(i + 1).filter((other) => !NAMED(name).includes(other));
    return {
      name: `layer-order-${name.replace(/\.ts$/, "")}`,
      severity: "error",
      comment: `src/${name} may import ${ORDER.slice(0, i).join(", ") || "nothing else in src"}: the folders before it in ORDER (.dependency-cruiser.cjs). An import upwards would allow a cycle between folders.`,
      from: { path: src([name]) },
      // src/generated belongs to src/db: its imports are reported by prisma-stays-in-db.
      to: { path: src(above) },
    };
  })
  .filter((rule) => rule.to.path !== "^src/()(/|$)");

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      // Type-only imports count too (as in biome.json): a cycle of types is still two files that cannot be
      // understood (or moved) one without the other.
      name: "no-circular",
      severity: "error",
      comment: "A file imports itself through others. Move the shared part down.",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "unplaced",
      severity: "error",
      comment:
        "Every module of src/ lives in a folder of ORDER in .dependency-cruiser.cjs (top level: only main.ts and start.ts). Move it, or give a new folder its place.",
      from: {},
      to: { path: "^src/", pathNot: src(ORDER.concat(["generated"])) },
    },
    {
      name: "core-knows-no-adapters",
      severity: "error",
      comment:
        "The core (core, config, requests, trail, factory, actions, scheduler, outbox, telemetry, logging, audit) never imports src/slack, src/db, src/app, src/cli, src/doctor or @slack/* (nor Prisma: prisma-stays-in-db). Take a port; src/app wires the adapter.",
      from: { path: src(CORE) },
      to: { path: [src(["slack", "db", "app", "cli", "doctor"]), SLACK_PKG] },
    },
    {
      name: "slack-knows-no-db",
      severity: "error",
      comment:
        "src/slack talks to the core, never to src/db, src/app or the operator tools (nor Prisma: prisma-stays-in-db). Take a core port; src/app passes the src/db adapter in.",
      from: { path: "^src/slack/" },
      to: { path: src(["db", "app", "cli", "doctor"]) },
    },
    {
      name: "views-are-pure",
      severity: "error",
      comment:
        "src/slack/views are Block Kit builders: listeners import views, never the other way round.",
      from: { path: "^src/slack/views/" },
      to: { path: "^src/slack/listeners/" },
    },
    {
      name: "db-knows-no-slack",
      severity: "error",
      comment:
        "src/db implements the core's ports; it never imports src/slack, @slack/*, src/app or the operator tools.",
      from: { path: "^src/db/" },
      to: { path: [src(["slack", "app", "cli", "doctor"]), SLACK_PKG] },
    },
    {
      name: "prisma-stays-in-db",
      severity: "error",
      comment: "Prisma (src/generated, @prisma/*) is used by src/db only.",
      from: { path: "^src/", pathNot: src(["db", "generated"]) },
      to: { path: [src(["generated"]), PRISMA_PKG] },
    },
    {
      name: "app-only-from-entry-points",
      severity: "error",
      comment:
        "Only the entry points (src/main.ts, src/start.ts, src/cli, src/doctor) import the composition root src/app.",
      from: { path: "^src/", pathNot: src(["app", "main.ts", "start.ts", "cli", "doctor"]) },
      to: { path: src(["app"]) },
    },
    ...layerOrder,
  ],
  options: {
    // Only src/ is under these rules (not test/ nor bench/); the generated Prisma client
    // is a leaf: imports of it are checked, its own files are not read.
    includeOnly: { path: ["^src/", "(^|/)node_modules/"] },
    doNotFollow: { path: ["(^|/)node_modules/", "^src/generated/"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".js", ".mjs", ".cjs", ".d.ts", ".json"],
      mainFields: ["module", "main", "types", "typings"],
    },
    skipAnalysisNotInRules: true,
  },
};
