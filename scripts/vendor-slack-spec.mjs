// `node scripts/vendor-slack-spec.mjs [path/to/slack-specs]`: copies, from Slack's OpenAPI 2
// description of the Web API (slackapi/slack-api-specs, October 2020), the entries of every
// method the test stand-in implements (the keys of test/support/slack/web-api-methods.ts) into
// test/support/slack/spec/web-api.json, with the definitions they refer to and Slack's licence.
// CI has no copy of the full spec (../shared/slack-specs by default), so the extract is committed;
// run this again after adding a method to the stand-in. Methods newer than the 2020 spec are
// described by hand in test/support/slack/spec/functions.json; the script fails when a method is
// in neither.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const specs = path.resolve(process.argv[2] ?? path.join(root, "..", "shared", "slack-specs"));
const source = path.join(specs, "slack_web_openapi_v2_without_examples.json");
const out = path.join(root, "test", "support", "slack", "spec");
const methodsFile = path.join(root, "test", "support", "slack", "web-api-methods.ts");

/** Method names are the quoted keys of the handler tables: `"chat.postMessage"(args, ctx) {`. */
function implementedMethods() {
  const text = readFileSync(methodsFile, "utf8");
  const names = [...text.matchAll(/^\s*"([a-z]+(?:\.[a-zA-Z]+)+)"\(/gm)].map((m) => m[1]);
  if (names.length === 0) throw new Error(`found no methods in ${methodsFile}`);
  return [...new Set(names)].sort();
}

/** Every `#/definitions/x` a value refers to, followed through the definitions themselves. */
function referencedDefinitions(value, definitions, found = new Set()) {
  if (Array.isArray(value)) {
    for (const item of value) referencedDefinitions(item, definitions, found);
  } else if (value && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      if (key === "$ref" && typeof inner === "string" && inner.startsWith("#/definitions/")) {
        const name = inner.slice("#/definitions/".length);
        if (found.has(name)) continue;
        found.add(name);
        referencedDefinitions(definitions[name], definitions, found);
      } else {
        referencedDefinitions(inner, definitions, found);
      }
    }
  }
  return found;
}

if (!existsSync(source)) {
  console.error(`No ${path.basename(source)} in ${specs}: pass the slack-specs folder.`);
  process.exit(1);
}
const spec = JSON.parse(readFileSync(source, "utf8"));
const supplement = JSON.parse(readFileSync(path.join(out, "functions.json"), "utf8"));
const paths = {};
const missing = [];
for (const method of implementedMethods()) {
  const entry = spec.paths[`/${method}`];
  if (entry) paths[`/${method}`] = entry;
  else if (!supplement.paths[`/${method}`]) missing.push(method);
}
if (missing.length > 0) {
  throw new Error(
    `Not in Slack's 2020 spec nor in spec/functions.json: ${missing.join(", ")}. Describe them ` +
      "in functions.json from their api.slack.com/methods pages.",
  );
}
const used = referencedDefinitions(paths, spec.definitions);
const definitions = Object.fromEntries(
  [...used].sort().map((name) => [name, spec.definitions[name]]),
);
const extract = {
  swagger: spec.swagger,
  info: {
    ...spec.info,
    "x-vendored": {
      from: "https://github.com/slackapi/slack-api-specs (commit bc08db4, web-api/slack_web_openapi_v2_without_examples.json, October 2020)",
      by: "scripts/vendor-slack-spec.mjs",
      note: "Only the methods the test stand-in implements; MIT licence, see LICENSE beside this file.",
    },
  },
  host: spec.host,
  basePath: spec.basePath,
  schemes: spec.schemes,
  externalDocs: spec.externalDocs,
  securityDefinitions: spec.securityDefinitions,
  paths,
  definitions,
};
const target = path.join(out, "web-api.json");
writeFileSync(target, `${JSON.stringify(extract, null, 2)}\n`);
// Written anew rather than copied, so the copy is not read-only like the shared original.
writeFileSync(path.join(out, "LICENSE"), readFileSync(path.join(specs, "LICENSE")));
// The committed file is formatted like every other file in the repository.
execFileSync("npx", ["biome", "format", "--write", target], { cwd: root, stdio: "inherit" });
console.log(`${Object.keys(paths).length} methods, ${used.size} definitions → ${target}`);
