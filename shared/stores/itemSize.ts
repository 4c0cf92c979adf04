import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/** DynamoDB's item size limit: 400 KB, counted in UTF-8 bytes of names and values. */
export const MAX_ITEM_BYTES = 400 * 1024;

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

/** A number's size: 1 byte per two significant digits, plus 1 (leading and trailing zeros trimmed). */
function numberBytes(text: string): number {
  const digits = (text.split(/e/i)[0] ?? '').replace(/[-+.]/g, '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
}

/**
 * The size DynamoDB counts for one attribute value (AWS "Item sizes and formats"): strings and
 * binaries by their bytes, numbers by significant digits, null and booleans 1 byte, a list or map
 * 3 bytes plus 1 per element (and, in a map, each key's bytes).
 */
export function attributeBytes(value: AttributeValue): number {
  if (value.S !== undefined) return utf8(value.S);
  if (value.N !== undefined) return numberBytes(value.N);
  if (value.B !== undefined) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS !== undefined) return value.SS.reduce((sum, s) => sum + utf8(s), 0);
  if (value.NS !== undefined) return value.NS.reduce((sum, n) => sum + numberBytes(n), 0);
  if (value.BS !== undefined) return value.BS.reduce((sum, b) => sum + b.byteLength, 0);
  if (value.L !== undefined) return value.L.reduce((sum, item) => sum + 1 + attributeBytes(item), 3);
  if (value.M !== undefined) return 3 + mapBytes(value.M, 1);
  return 0;
}

/** Names and values of a map (an item is a map without the overhead), `perEntry` bytes each. */
function mapBytes(map: Record<string, AttributeValue>, perEntry: number): number {
  let sum = 0;
  for (const [name, value] of Object.entries(map)) sum += perEntry + utf8(name) + attributeBytes(value);
  return sum;
}

/**
 * The path to what makes a map big: the entry holding at least half of it, followed down while
 * one entry does (`recipient.attributes`), so an error can name the field to shrink.
 */
function largestPath(map: Record<string, AttributeValue>, path: string[] = []): string {
  let best: [string, AttributeValue, number] | undefined;
  let total = 0;
  for (const [name, value] of Object.entries(map)) {
    const size = utf8(name) + attributeBytes(value);
    total += size;
    if (!best || size > best[2]) best = [name, value, size];
  }
  if (!best || best[2] * 2 < total) return path.join('.') || 'item';
  const [name, value] = best;
  return value.M ? largestPath(value.M, [...path, name]) : [...path, name].join('.');
}

/**
 * An item's size as DynamoDB counts it against `MAX_ITEM_BYTES`, and the path of the field that
 * makes up most of it.
 *
 * @example
 * itemSize({ pk: { S: 'R#r-1' }, recipient: { M: { attributes: { M: big } } } });
 * // { bytes: 614532, largest: 'recipient.attributes' }
 */
export function itemSize(item: Record<string, AttributeValue>): { bytes: number; largest: string } {
  return { bytes: mapBytes(item, 0), largest: largestPath(item) };
}
