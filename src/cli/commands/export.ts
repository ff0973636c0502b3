import {
  EXPORT_FORMATS,
  type ExportFilter,
  type ExportFormat,
  exportAuditTrail,
  isExportFormat,
} from "../../audit/export.ts";
import {
  type AuditCommand,
  EXIT,
  type OptionValues,
  stringOption,
  UsageError,
} from "../command.ts";
import { exportMasking } from "../export-masking.ts";
import { writeAll } from "../write.ts";

const FORMATS = Object.keys(EXPORT_FORMATS).join("|");

export const exportCommand: AuditCommand = {
  synopsis: `[--format ${FORMATS}] [--since DATE] [--request N] [--break-glass] [--unmask]`,
  summary:
    "Stream the audit events to stdout, oldest first; csv and mermaid mask sensitive values unless --unmask (jsonl is the sealed record, verbatim)",
  options: {
    format: { type: "string", default: "jsonl" },
    since: { type: "string" },
    request: { type: "string" },
    "break-glass": { type: "boolean", default: false },
    unmask: { type: "boolean", default: false },
  },
  prepare(values) {
    const format = stringOption(values, "format") ?? "jsonl";
    if (!isExportFormat(format)) {
      throw new UsageError(`Unknown export format "${format}": use one of ${FORMATS}.`);
    }
    const filter = exportFilter(values);
    const spec: ExportFormat = EXPORT_FORMATS[format];
    if (spec.oneRequest && filter.requestNumber === undefined) {
      throw new UsageError(
        `--format ${format} draws one request: add --request N (e.g. --request 12); a diagram of the whole trail would be unreadable.`,
      );
    }
    const unmask = values.unmask === true;
    return async ({ trail, stdout, stderr, env }) => {
      const masking = spec.masks && !unmask ? await exportMasking(env, trail, stderr) : undefined;
      await writeAll(stdout, exportAuditTrail(trail, format, filter, masking));
      return EXIT.ok;
    };
  },
};

function exportFilter(values: OptionValues): ExportFilter {
  const since = stringOption(values, "since");
  const request = stringOption(values, "request");
  const filter: { since?: Date; requestNumber?: number; breakGlass?: boolean } = {};
  if (values["break-glass"] === true) filter.breakGlass = true;
  if (since !== undefined) filter.since = parseSince(since);
  if (request !== undefined) {
    // "#12" is how people write request numbers everywhere else.
    const digits = request.replace(/^#/, "");
    const number = Number(digits);
    if (!/^\d+$/.test(digits) || !Number.isSafeInteger(number) || number < 1) {
      throw new UsageError(`--request "${request}" is not a request number: use e.g. 12 or #12.`);
    }
    filter.requestNumber = number;
  }
  return filter;
}

/** The trail is in UTC, so a time without an offset is read as UTC too, not as local time. */
function parseSince(text: string): Date {
  const iso = /T\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(text) ? `${text}Z` : text;
  const date = new Date(iso);
  if (!/^\d{4}-\d\d-\d\d/.test(text) || Number.isNaN(date.getTime())) {
    throw new UsageError(
      `--since "${text}" is not a date: use e.g. 2026-01-05 or 2026-01-05T09:00:00Z.`,
    );
  }
  return date;
}
