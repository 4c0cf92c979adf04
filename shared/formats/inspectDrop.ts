import type { Readable } from 'node:stream';
import { FormatError } from '../errors/index.ts';
import type { Receipt } from '../jobs/index.ts';
import { peekHead } from '../lines/peekHead.ts';
import { readLines } from '../lines/readLines.ts';
import { createLineParser } from './createLineParser.ts';
import { detectDrop } from './detectDrop.ts';
import { ReceiptCounter, type ReceiptCounterOptions } from './ReceiptCounter.ts';

/** The receipt counters only a drop with the store can count. */
export const NEEDS_STORE = [
  'unmatchedIds (other than blocked)',
  'unmatched.unknownId',
  'unmatched.noRecipient',
  'unmatched.forced',
  'unmatched.encodingMismatch',
  'pendingMemberships',
  'membershipsAdded',
  'membershipsRemoved',
  'idLinks',
] as const;

/**
 * The core of `audience-bridge inspect`: reads a whole drop exactly as ingest does (same
 * detection, line reader, parser and counter) without any store, and returns its receipt.
 * Counters that need a store stay 0 and are named in `needsStore` (blocked IDs are unmatched
 * without any store, so `unmatchedIds` and `unmatched.blocked` count them).
 * Throws {@link FormatError} when the file is rejected whole: unknown format, empty (no data
 * line), corrupt gzip, or unusable (an AEP header with no identity column).
 *
 * @example
 * const receipt = await inspectDrop(createReadStream(path), basename(path));
 */
export async function inspectDrop(
  source: AsyncIterable<Buffer | Uint8Array | string> | Readable,
  key: string,
  options: ReceiptCounterOptions = {},
): Promise<Receipt> {
  const { head, source: stream } = await peekHead(source);
  const info = detectDrop(key, head);
  if ('error' in info) throw new FormatError(info.error, { field: 'file' });
  const parser = createLineParser(info);
  const counter = new ReceiptCounter(info, options);
  const lineOptions = options.maxLineBytes === undefined ? {} : { maxLineBytes: options.maxLineBytes };
  for await (const line of readLines(stream, lineOptions)) {
    if (counter.feed(line, parser).status === 'unusable') break;
  }
  if (counter.unusable !== undefined) throw new FormatError(counter.unusable, { field: 'file' });
  if (counter.linesRead === 0) throw new FormatError('empty file: no data line', { field: 'file' });
  return { ...counter.toReceipt(), needsStore: [...NEEDS_STORE] };
}
