export { aamOutboundLines, aamOutboundRow } from './aamOutboundLines.ts';
export { AEP_HEADER, aepCsvLines, aepCsvRow } from './aepCsvLines.ts';
export { AEP_SEGMENT_ID, type BenchDrop, benchDrop, ensureDrop } from './benchDrops.ts';
export { benchEmail, benchRecipientId, rowMatches, visitorId } from './benchIds.ts';
export {
  type DropSpec,
  INVALID_PER_MILLION,
  MALFORMED_PER_MILLION,
  MATCH_SHARE,
  SEGMENT_POOL,
  SINGLE_SEGMENT,
} from './DropSpec.ts';
export { hash32 } from './hash32.ts';
export { writeDrop } from './writeDrop.ts';
