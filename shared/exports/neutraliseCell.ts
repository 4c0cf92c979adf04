/** A cell a spreadsheet would read as a formula (or whose leading tab/CR it would swallow). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A CSV/TSV cell that cannot become a formula when a partner opens the file in a spreadsheet
 * (CSV injection, OWASP): a cell starting with `= + - @`, tab or carriage return gets a leading
 * `'`, which spreadsheets show as text and do not evaluate.
 *
 * @example
 * neutraliseCell('=HYPERLINK("http://x")'); // "'=HYPERLINK(\"http://x\")"
 */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}
