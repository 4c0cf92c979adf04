/**
 * Aligns rows into fixed-width columns (two spaces apart, trailing spaces trimmed); numbers are
 * right-aligned so counters line up.
 *
 * @example
 * formatTable([['ID', 'SIZE'], ['aam.1', '12']]); // ['ID     SIZE', 'aam.1    12']
 */
export function formatTable(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  const numeric = widths.map((_, i) => rows.slice(1).every((row) => /^-?[\d.]*$/.test(row[i] ?? '')));
  return rows.map((row) =>
    row
      .map((cell, i) => {
        const width = widths[i] ?? 0;
        return numeric[i] ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd(),
  );
}
