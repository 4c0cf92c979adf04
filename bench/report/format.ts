/** `1234567.8` → `1,234,568` (rows, rows/s). */
export function int(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** A ratio with 2 decimals (`0.53`), or `n/a`. */
export function ratio(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return 'n/a';
  // Small ratios keep two significant digits: 0.0042 says more than 0.00.
  return Math.abs(n) >= 0.1 || n === 0 ? n.toFixed(2) : n.toPrecision(2);
}

/** `100000` → `100k`, `1000000` → `1M`. */
export function rowsLabel(n: number): string {
  if (n >= 1_000_000 && n % 1_000_000 === 0) return `${n / 1_000_000}M`;
  if (n >= 1_000 && n % 1_000 === 0) return `${n / 1_000}k`;
  return String(n);
}
