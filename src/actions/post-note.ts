import { defineAction } from "../factory/define-action.ts";

const AUDIENCES = ["everyone", "engineering", "support"] as const;

/** Needs no network: the note lives in the request's result, which the audit trail keeps. */
export const postNote = defineAction({
  id: "post-note",
  title: "Post a note",
  description: "Record an announcement note once someone else has read it over",
  params: [
    { name: "note", label: "Note", type: "textarea", required: true, max: 2000 },
    {
      name: "audience",
      label: "Audience",
      type: "select",
      options: AUDIENCES,
      hint: "Defaults to everyone",
    },
  ],
  // Recording the same note twice harms nothing, so an interrupted run may be retried.
  idempotent: true,
  async execute(ctx) {
    const { note, audience } = ctx.request.params;
    return {
      ok: true,
      result: {
        note: note ?? "",
        audience: audience ?? AUDIENCES[0],
        postedAt: ctx.clock.now().toISOString(),
      },
    };
  },
});
