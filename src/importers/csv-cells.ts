/**
 * Cell-level helpers shared by the CSV importer and exporter.
 *
 * Spreadsheet formula injection (OWASP "CSV Injection"): a cell that starts with `=`, `+`, `-` or
 * `@` is executed as a formula when a lab opens the export in Excel. The exporter prefixes such a
 * cell with one `'` (Excel's "text" marker) and the importer removes exactly one, so the escape is
 * a bijection: a value that itself starts with `'` before one of those characters gains one more.
 */
const FORMULA_START = /^'*[=+\-@]/;
const ESCAPED_FORMULA = /^'+[=+\-@]/;

/** Escapes a cell against formula injection, then quotes it per RFC 4180 when needed. */
export function formatCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Trims a parsed cell and removes the formula-injection escape added by {@link formatCell}. */
export function readCell(raw: string | undefined): string {
  const value = (raw ?? '').trim();
  return ESCAPED_FORMULA.test(value) ? value.slice(1) : value;
}
