export type CsvValue = string | number | null;

/**
 * RFC 4180: a field holding a comma, a double quote or a line break is wrapped in double quotes,
 * with its quotes doubled; null is an empty field. Written here because no CSV library is
 * installed, and this is all the writing side of the format needs.
 */
export function csvField(value: CsvValue): string {
  if (value === null) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, with the CRLF RFC 4180 ends records with (spreadsheets accept it everywhere). */
export function csvRow(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}
