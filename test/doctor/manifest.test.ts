import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/core/errors.ts";
import { loadManifestBotScopes, parseManifestBotScopes } from "../../src/doctor/manifest.ts";

describe("the manifest's bot scopes", () => {
  it("are read from manifest.yml with what each is for", async () => {
    const scopes = await loadManifestBotScopes();
    expect(scopes.map((scope) => scope.name)).toEqual([
      "commands",
      "chat:write",
      "users:read",
      "usergroups:read",
    ]);
    expect(scopes[0]?.purpose).toBe("/request");
    expect(scopes[3]?.purpose).toBe("Allow-lists in actions.yml may name user groups (S…).");
  });

  it("work without comments, and refuse a manifest without the list", () => {
    expect(
      parseManifestBotScopes("oauth_config:\n  scopes:\n    bot: [commands, chat:write]\n"),
    ).toEqual([
      { name: "commands", purpose: undefined },
      { name: "chat:write", purpose: undefined },
    ]);
    expect(() => parseManifestBotScopes("display_information:\n  name: x\n")).toThrow(ConfigError);
  });
});
