import { chmod, lstat, mkdir, readdir } from "node:fs/promises";
import path from "node:path";

/** Permission bits for the group and everyone else: none of them, for anything the bot keeps. */
const GROUP_AND_OTHERS = 0o077;

/**
 * Creates `dir` (and any missing parent) readable by the bot's user only. A directory that
 * already exists keeps its mode: it may be an operator's volume.
 */
export async function makePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
}

/**
 * Takes the group's and others' permissions off `root` and everything under it (symbolic links
 * are left alone). PGlite writes its files as 0666 whatever the umask, and an older version of
 * the bot left them so: this runs when the database is opened and closed. Returns how many
 * entries it changed.
 */
export async function makeTreePrivate(root: string): Promise<number> {
  let changed = 0;
  const visit = async (entry: string): Promise<void> => {
    const stats = await lstat(entry).catch(ignoreVanished);
    if (!stats || stats.isSymbolicLink()) return;
    if ((stats.mode & GROUP_AND_OTHERS) !== 0) {
      await chmod(entry, stats.mode & 0o7700).catch(ignoreVanished);
      changed += 1;
    }
    if (!stats.isDirectory()) return;
    const names = (await readdir(entry).catch(ignoreVanished)) ?? [];
    for (const name of names) await visit(path.join(entry, name));
  };
  await visit(root);
  return changed;
}

/** A file the database removed while we walked is no longer anyone's to read. */
function ignoreVanished(error: NodeJS.ErrnoException): undefined {
  if (error.code === "ENOENT") return undefined;
  throw error;
}
