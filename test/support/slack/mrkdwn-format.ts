/**
 * The spans Slack's mrkdwn would format: *bold*, _italic_, ~struck~ and `code`. As Slack does,
 * a span opens with its marker after the start, a space or punctuation and before a non-space,
 * closes with the same marker after a non-space and before the end, a space or punctuation, and
 * never crosses a line. Returns the text inside each span, with its marker: ["*Approved*"].
 */
export function formattedSpans(mrkdwn: string): string[] {
  const spans: string[] = [];
  const span = /(?<![\p{L}\p{N}])([*_~`])(?=\S)([^\n]*?\S)\1(?![\p{L}\p{N}])/gu;
  for (const match of mrkdwn.matchAll(span)) spans.push(match[0]);
  return spans;
}

/** Every mrkdwn text in blocks (or a view), where formatting applies; plain_text is left out. */
export function mrkdwnTexts(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(mrkdwnTexts);
  if (node === null || typeof node !== "object") return [];
  const record = node as Record<string, unknown>;
  if (record.type === "mrkdwn" && typeof record.text === "string") return [record.text];
  return Object.values(record).flatMap(mrkdwnTexts);
}
