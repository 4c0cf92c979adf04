import type { ReceiptFormat } from '../jobs/index.ts';
import { createAamIdSyncParser } from './aamIdSyncParser.ts';
import { createAamInboundParser } from './aamInboundParser.ts';
import { createAamOutboundParser } from './aamOutboundParser.ts';
import { createAepCsvParser } from './aepCsvParser.ts';
import { createGenericCsvParser } from './genericCsvParser.ts';
import { createNdjsonParser } from './ndjsonParser.ts';
import { createRecipientsCsvParser } from './recipientsCsvParser.ts';
import type { DropInfo, LineParser } from './types.ts';

const FACTORIES: Record<ReceiptFormat, (info: DropInfo) => LineParser> = {
  'aam-outbound': createAamOutboundParser,
  'aam-inbound': createAamInboundParser,
  'aam-idsync': createAamIdSyncParser,
  'aep-csv': createAepCsvParser,
  csv: createGenericCsvParser,
  ndjson: createNdjsonParser,
  'recipients-csv': createRecipientsCsvParser,
};

/**
 * The parser for a detected drop: ingest and `inspect` both call this, so a file reads the same
 * everywhere. A parser is stateful (it remembers the header): make one per file.
 *
 * @example
 * const info = detectDrop(key, head);
 * if (!('error' in info)) { const parser = createLineParser(info); parser.parseLine(text, lineNumber); }
 */
export function createLineParser(info: DropInfo): LineParser {
  return FACTORIES[info.format](info);
}
