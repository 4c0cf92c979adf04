/**
 * Aligns rows into fixed-width columns, two spaces apart, trailing spaces trimmed. Columns listed
 * in `rightAligned` (counters) are padded on the left so their digits line up.
 *
 * @example
 * formatTable([['ID', 'SIZE'], ['aam.1', '12']], [1]); // ['ID     SIZE', 'aam.1    12']
 */
export function formatTable(
  rows: readonly (readonly string[])[],
  rightAligned: readonly number[] = [],
): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, i) => {
        const width = widths[i] ?? 0;
        return rightAligned.includes(i) ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd(),
  );
}
