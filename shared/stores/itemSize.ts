import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/** DynamoDB's item size limit: 400 KB, counted in UTF-8 bytes of names and values. */
export const MAX_ITEM_BYTES = 400 * 1024;

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

/** A number's size: 1 byte per two significant digits, plus 1 (leading and trailing zeros trimmed). */
function numberBytes(text: string): number {
  const digits = (text.split(/e/i)[0] ?? '').replace(/[-+.]/g, '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
}

/** How text and numbers are counted: exactly, or by a bound that needs no encoding. */
interface Measure {
  text(text: string): number;
  number(text: string): number;
}

const EXACT: Measure = { text: utf8, number: numberBytes };

/** At most 3 UTF-8 bytes per UTF-16 unit; at most one byte per two characters of a number, plus 1. */
const BOUND: Measure = { text: (text) => text.length * 3, number: (text) => Math.ceil(text.length / 2) + 1 };

function valueBytes(value: AttributeValue, measure: Measure): number {
  if (value.S !== undefined) return measure.text(value.S);
  if (value.N !== undefined) return measure.number(value.N);
  if (value.B !== undefined) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS !== undefined) return value.SS.reduce((sum, s) => sum + measure.text(s), 0);
  if (value.NS !== undefined) return value.NS.reduce((sum, n) => sum + measure.number(n), 0);
  if (value.BS !== undefined) return value.BS.reduce((sum, b) => sum + b.byteLength, 0);
  if (value.L !== undefined) return value.L.reduce((sum, item) => sum + 1 + valueBytes(item, measure), 3);
  if (value.M !== undefined) return 3 + mapBytes(value.M, 1, measure);
  return 0;
}

/**
 * The size DynamoDB counts for one attribute value (AWS "Item sizes and formats"): strings and
 * binaries by their bytes, numbers by significant digits, null and booleans 1 byte, a list or map
 * 3 bytes plus 1 per element (and, in a map, each key's bytes).
 */
export function attributeBytes(value: AttributeValue): number {
  return valueBytes(value, EXACT);
}

/** Names and values of a map (an item is a map without the overhead), `perEntry` bytes each. */
function mapBytes(map: Record<string, AttributeValue>, perEntry: number, measure: Measure = EXACT): number {
  let sum = 0;
  for (const name in map) {
    sum += perEntry + measure.text(name) + valueBytes(map[name] as AttributeValue, measure);
  }
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

/**
 * `itemSize` of an item over `MAX_ITEM_BYTES`, or undefined. Every item a write sends is checked,
 * and almost all are far below the limit: a bound counted without encoding clears those, so only
 * an item that might be too large is counted exactly.
 */
export function oversize(
  item: Record<string, AttributeValue>,
): { bytes: number; largest: string } | undefined {
  if (mapBytes(item, 0, BOUND) <= MAX_ITEM_BYTES) return undefined;
  const size = itemSize(item);
  return size.bytes > MAX_ITEM_BYTES ? size : undefined;
}
