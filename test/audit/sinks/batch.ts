import type { SinkBatch } from "../../../src/audit/sinks/sink.ts";

/** A batch of event lines numbered from `first`, as the delivery loop hands a sink. */
export const batch = (lines: string[], first: number): SinkBatch => ({
  kind: "events",
  first,
  last: first + lines.length - 1,
  seqs: lines.map((_, i) => first + i),
  lines,
});
