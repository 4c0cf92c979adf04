import * as z from 'zod';
import { isNamespace, MAX_ID_BYTES } from '../identifiers/index.ts';

/** UTF-8 length of a string: the limits are in bytes, as DynamoDB keys and partner files count them. */
const bytesOf = (text: string) => Buffer.byteLength(text, 'utf8');

/**
 * Refinement for a string of at most `max` UTF-8 bytes (a character limit alone lets 4-byte
 * characters through at four times the size).
 *
 * @example
 * z.string().max(256).refine(...atMostBytes(512)) // 400 `…: expected at most 512 bytes`
 */
export function atMostBytes(max: number): [(text: string) => boolean, string] {
  return [(text) => bytesOf(text) <= max, `expected at most ${max} bytes`];
}

/** An ID value as a path or body carries it: 1 to 512 UTF-8 bytes (its namespace's rules apply after). */
export const idValueSchema = z
  .string()
  .min(1, 'expected a non-empty ID')
  .refine(...atMostBytes(MAX_ID_BYTES));

/**
 * A namespace in a path: a well-known name, `dpid:<n>` or a data-source name. `#` and other key
 * separators never pass, so a crafted namespace can never address another item's key.
 */
export const namespaceSchema = z
  .string()
  .max(80, 'expected at most 80 characters')
  .refine(isNamespace, 'expected a namespace: a lowercase name, recipientId or dpid:<digits>');

const NOT_RESERVED = /^(?!(?:__proto__|constructor|prototype)$)/;

export interface MapLimits {
  /** Most entries the map may hold. */
  maxEntries: number;
  /** Most characters of one key. */
  maxKeyChars: number;
}

/**
 * A user-supplied map (`attributes`, `consent`): keys of 1 to `maxKeyChars` characters other than
 * the reserved ones, at most `maxEntries` entries. The caps are in the OpenAPI document
 * (`maxProperties`, `propertyNames`), which the generator would otherwise leave out of a record.
 *
 * @example
 * const consent = mapOf(z.boolean(), { maxEntries: 100, maxKeyChars: 64 });
 */
export function mapOf<V extends z.ZodType>(value: V, limits: MapLimits) {
  const key = z
    .string()
    .min(1, 'expected a non-empty key')
    .max(limits.maxKeyChars, `expected a key of at most ${limits.maxKeyChars} characters`)
    .regex(NOT_RESERVED, 'expected a key other than __proto__, constructor or prototype');
  return z
    .record(key, value)
    .refine(
      (map) => Object.keys(map).length <= limits.maxEntries,
      `expected at most ${limits.maxEntries} entries`,
    )
    .meta({
      maxProperties: limits.maxEntries,
      propertyNames: {
        type: 'string',
        minLength: 1,
        maxLength: limits.maxKeyChars,
        pattern: NOT_RESERVED.source,
      },
    });
}
