// `npm run build`: compiles src/ to dist/. With --if-stale (what `npm start` and the other
// production commands run first) it does nothing when dist/ is newer than every source file,
// so a start costs one directory walk, and nothing at all in an image that has no src/.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const src = path.join(root, "src");
const dist = path.join(root, "dist");
const stamp = path.join(dist, ".built");
const inputs = ["tsconfig.json", "tsconfig.build.json", "package-lock.json"];

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const time = entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs;
    if (time > newest) newest = time;
  }
  return newest;
}

function isStale() {
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  const newestInput = Math.max(
    newestSource(src),
    ...inputs.map((file) =>
      existsSync(path.join(root, file)) ? statSync(path.join(root, file)).mtimeMs : 0,
    ),
  );
  return newestInput >= built;
}

const ifStale = process.argv.includes("--if-stale");
// A production image ships dist/ without src/: there is nothing to build from, and nothing to.
if (ifStale && !existsSync(src)) process.exit(0);
if (ifStale && !isStale()) process.exit(0);

rmSync(dist, { recursive: true, force: true });
const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
const result = spawnSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.build.json")], {
  stdio: "inherit",
});
if (result.status !== 0) {
  console.error("build: tsc could not compile src/ (run `npm run check` to see why)");
  process.exit(result.status ?? 1);
}
writeFileSync(stamp, `${new Date().toISOString()}\n`);
