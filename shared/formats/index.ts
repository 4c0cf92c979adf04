export { createAamIdSyncParser } from './aamIdSyncParser.ts';
export { ALL_SEGMENTS, createAamInboundParser } from './aamInboundParser.ts';
export { createAamOutboundParser } from './aamOutboundParser.ts';
export { createAepCsvParser } from './aepCsvParser.ts';
export {
  AEP_ATTRIBUTE_COLUMNS,
  AEP_IDENTITY_COLUMNS,
  type AepIdentityColumn,
  aepIdentityColumns,
} from './aepIdentityColumns.ts';
export { createLineParser } from './createLineParser.ts';
export { detectDrop, RECIPIENTS_PREFIX } from './detectDrop.ts';
export { createGenericCsvParser } from './genericCsvParser.ts';
export { type GenericFields, genericMembership } from './genericMembership.ts';
export { inspectDrop } from './inspectDrop.ts';
export { isControlFileKey } from './isControlFileKey.ts';
export { createNdjsonParser } from './ndjsonParser.ts';
export { type ControlFile, controlFileSchema, parseControlFile } from './parseControlFile.ts';
export {
  compareSegments,
  type LineOutcome,
  ReceiptCounter,
  type ReceiptCounterOptions,
} from './ReceiptCounter.ts';
export { createRecipientsCsvParser } from './recipientsCsvParser.ts';
export { splitCsvLine } from './splitCsvLine.ts';
export type { DropInfo, LineError, LineParser, ParsedRecord } from './types.ts';
export { validateIdRef } from './validateIdRef.ts';
