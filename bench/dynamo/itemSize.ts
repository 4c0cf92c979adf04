/**
 * DynamoDB's size of an item (attribute names plus values, UTF-8), close enough to apply the 1 MB
 * page limit of Query the way the real service does, so paging request counts are honest.
 */
export function itemSize(item: Record<string, unknown>): number {
  let size = 0;
  for (const key in item) size += key.length + valueSize(item[key]);
  return size;
}

function valueSize(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number' || typeof value === 'bigint') return 8;
  if (typeof value === 'boolean' || value === null || value === undefined) return 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) {
    let s = 3;
    for (const v of value) s += valueSize(v);
    return s;
  }
  if (Array.isArray(value)) return value.reduce((s: number, v) => s + 1 + valueSize(v), 3);
  if (typeof value === 'object') return 3 + itemSize(value as Record<string, unknown>);
  return 8;
}
