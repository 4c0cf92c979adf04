import { ValidationError } from '../errors/index.ts';
import { SHARD_COUNT } from './shardOf.ts';

/** A members page cursor: the shard and the last sort key read. */
export function encodeCursor(shard: number, sk: string): string {
  return Buffer.from(JSON.stringify({ s: shard, k: sk })).toString('base64url');
}

/** The shard and sort key a cursor made by `encodeCursor` points at; ValidationError otherwise. */
export function decodeCursor(cursor: string): { shard: number; sk: string } {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as { s?: unknown; k?: unknown };
    if (typeof parsed.s === 'number' && Number.isInteger(parsed.s) && typeof parsed.k === 'string') {
      if (parsed.s >= 0 && parsed.s < SHARD_COUNT) return { shard: parsed.s, sk: parsed.k };
    }
  } catch {
    // fall through to the validation error
  }
  throw new ValidationError('cursor: expected a cursor returned by a previous page', { field: 'cursor' });
}
