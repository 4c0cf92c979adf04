import { parse } from 'csv-parse/sync';

/**
 * Splits one physical CSV line into fields. Lines without a double quote (nearly all) are split
 * on commas directly, which is exactly what RFC 4180 says for them; quoted lines go through
 * csv-parse. Each physical line is one record: AEP exports never put newlines inside quotes.
 * Returns `undefined` when the quoting is malformed.
 *
 * @example
 * splitCsvLine('a,"b,c",d') // ['a', 'b,c', 'd']
 */
export function splitCsvLine(line: string): string[] | undefined {
  if (line.indexOf('"') === -1) return line.split(',');
  try {
    const rows = parse(line, { relax_column_count: true, skip_empty_lines: false }) as string[][];
    return rows.length === 1 ? rows[0] : undefined;
  } catch {
    return undefined;
  }
}
