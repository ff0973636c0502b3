import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isScalar, isSeq, parseDocument } from "yaml";
import { ConfigError } from "../core/errors.ts";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The Slack app manifest the README has people create the app from. */
export const MANIFEST_PATH = path.join(projectRoot, "manifest.yml");

/** A bot scope the manifest asks for, and what the bot needs it for (the comment above it). */
export interface RequestedScope {
  readonly name: string;
  readonly purpose: string | undefined;
}

/** `oauth_config.scopes.bot` of a manifest: the scopes the bot token must have. */
export function parseManifestBotScopes(text: string): RequestedScope[] {
  const doc = parseDocument(text);
  const list = doc.getIn(["oauth_config", "scopes", "bot"], true);
  if (doc.errors.length > 0 || !isSeq(list)) {
    throw new ConfigError("the manifest has no oauth_config.scopes.bot list");
  }
  return list.items.flatMap((item, index) => {
    if (!isScalar(item) || typeof item.value !== "string") return [];
    // The yaml library files the comment above a list's first item under the list itself.
    const comment = item.commentBefore ?? (index === 0 ? list.commentBefore : undefined);
    return [{ name: item.value, purpose: comment?.trim() || undefined }];
  });
}

export async function loadManifestBotScopes(
  file: string = MANIFEST_PATH,
): Promise<RequestedScope[]> {
  return parseManifestBotScopes(await readFile(file, "utf8"));
}
