import { describe, expect, it } from "vitest";
import { builtinActions } from "../../src/actions/index.ts";
import { postNote } from "../../src/actions/post-note.ts";
import { ManualClock } from "../../src/core/clock.ts";
import { parseActionParams } from "../../src/factory/params.ts";
import { executionContext } from "../factory/execution-context.ts";

describe("post-note", () => {
  it("is a built-in module", () => {
    expect(builtinActions).toContain(postNote);
    expect(postNote).toMatchObject({ id: "post-note", title: "Post a note", source: "module" });
  });

  it("records the note, audience and the clock's time", async () => {
    const clock = new ManualClock("2026-03-02T10:15:00.000Z");
    clock.advance(30_000);
    const params = { note: "Deploy freeze starts Friday", audience: "engineering" };
    const outcome = await postNote.execute(executionContext({ clock, params }));
    expect(outcome).toEqual({
      ok: true,
      result: {
        note: "Deploy freeze starts Friday",
        audience: "engineering",
        postedAt: "2026-03-02T10:15:30.000Z",
      },
    });
  });

  it("posts to everyone when no audience is chosen", async () => {
    const clock = new ManualClock("2026-03-02T10:15:00.000Z");
    const outcome = await postNote.execute(executionContext({ clock, params: { note: "Hi" } }));
    expect(outcome).toEqual({
      ok: true,
      result: { note: "Hi", audience: "everyone", postedAt: "2026-03-02T10:15:00.000Z" },
    });
  });

  it("validates the form", () => {
    expect(parseActionParams(postNote, { note: "  ", audience: "sales" })).toEqual({
      ok: false,
      errors: {
        note: "Note is required",
        audience: "Audience must be one of everyone, engineering, support",
      },
    });
    expect(parseActionParams(postNote, { note: "x".repeat(2001) })).toEqual({
      ok: false,
      errors: { note: "Note must be at most 2000 characters" },
    });
    expect(postNote.params.find((param) => param.name === "audience")?.hint).toBe(
      "Defaults to everyone",
    );
  });
});
