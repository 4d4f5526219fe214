import type { QualityReport, ReportRow } from './report.ts';

/** Report columns, in CSV order; headers are the field names so CSV and JSON read alike. `list` and `field` came last (issue 11) so readers by position keep working. */
export const CSV_COLUMNS: (keyof ReportRow)[] = ['severity', 'rule', 'entityType', 'istId', 'displayName', 'detail', 'fixSv', 'fixEn', 'list', 'field'];

/**
 * RFC 4180 CSV (comma, CRLF, quotes doubled) with a UTF-8 byte order mark so Excel shows å, ä, ö.
 * Cells starting with = + - @ get a leading apostrophe: a name typed into IST must not run as a formula.
 */
export function toCsv(report: QualityReport, options: { bom?: boolean } = {}): string {
  const lines = [CSV_COLUMNS.join(','), ...report.rows.map((row) => CSV_COLUMNS.map((c) => csvCell(row[c])).join(','))];
  return (options.bom === false ? '' : '\uFEFF') + lines.join('\r\n') + '\r\n';
}

export function toJson(report: QualityReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

function csvCell(value: string | null): string {
  if (value === null) return '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
