/** Markdown tables, and the generated sections of docs/benchmarks.md. */

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  // Right-align every column but the first, where the numbers are.
  const rule = header.map((_, i) => (i === 0 ? "---" : "---:"));
  return [line(header), line(rule), ...rows.map(line)].join("\n");
}

const begin = (id: string) => `<!-- bench:${id}:begin -->`;
const end = (id: string) => `<!-- bench:${id}:end -->`;

/**
 * Replaces the section between this id's markers, or appends it (with markers) when the document
 * has none yet: rerunning one part rewrites its own section and leaves the rest alone.
 */
export function replaceSection(doc: string, id: string, content: string): string {
  const block = `${begin(id)}\n${content.trim()}\n${end(id)}`;
  const from = doc.indexOf(begin(id));
  const to = doc.indexOf(end(id));
  if (from >= 0 && to > from) return doc.slice(0, from) + block + doc.slice(to + end(id).length);
  return `${doc.trimEnd()}\n\n${block}\n`;
}
