export type { AppliedMarkers, DropLedger, SplitDropStore } from './DropLedger.ts';
export type { DropRanges, RangePlan, RangeResult } from './DropRanges.ts';
export type { DropObject, DropSource, ListedDrop } from './DropSource.ts';
export { DynamoAppliedMarkers } from './DynamoAppliedMarkers.ts';
export { DynamoDropRanges } from './DynamoDropRanges.ts';
export { DynamoSplitDrops } from './DynamoSplitDrops.ts';
export { digestStream, type StreamDigest } from './digestStream.ts';
export { type DropOrderKey, dropOrderKey } from './dropOrderKey.ts';
export { failureReason } from './failureReason.ts';
export { emptyCounters, type IngestCheckpoint, type PipelineCounters } from './IngestCheckpoint.ts';
export type { IngestIdentity } from './IngestIdentity.ts';
export type { IngestPorts, IngestSettings } from './IngestPorts.ts';
export { INBOUND_PREFIX, type IngestOutcome, ingestDrop } from './ingestDrop.ts';
export { MembershipApplier, type SegmentList } from './MembershipApplier.ts';
export type { ReceiptSink } from './ReceiptSink.ts';
export { REJECTED_LINE_PREFIX_BYTES, type RejectedFile, type RejectedLines } from './RejectedLines.ts';
export { ResumeLostError } from './ResumeLostError.ts';
export {
  MAX_INGEST_ATTEMPTS,
  type RunOptions,
  type RunOutcome,
  runIngestJob,
} from './runIngestJob.ts';
export { S3DropSource } from './S3DropSource.ts';
export { S3ReceiptSink } from './S3ReceiptSink.ts';
export { S3RejectedLines } from './S3RejectedLines.ts';
export { type DropState, dropGroup, type ExpectedPart, isSplitDropComplete } from './SplitDrops.ts';
export { SPLIT_DROP_TIMEOUT_MS, type SweepResult, sweepInbound } from './sweepInbound.ts';
export { JOB_RUN_LEASE_MS, withJobRun } from './withJobRun.ts';
