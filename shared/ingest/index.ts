export { appliedMarker } from './appliedMarker.ts';
export { digestStream, type StreamDigest } from './digestStream.ts';
export { type DropOrderKey, dropOrderKey } from './dropOrderKey.ts';
export { failureReason } from './failureReason.ts';
export { emptyCounters, type IngestCheckpoint, type PipelineCounters } from './IngestCheckpoint.ts';
export { type IngestIdentity, identityOf } from './IngestIdentity.ts';
export { INBOUND_PREFIX, type IngestOutcome, ingestDrop } from './ingestDrop.ts';
export { MembershipApplier, type SegmentList } from './MembershipApplier.ts';
export { REJECTED_LINE_PREFIX_BYTES, RejectedWriter } from './RejectedWriter.ts';
export { ResumeLostError } from './ResumeLostError.ts';
export {
  MAX_INGEST_ATTEMPTS,
  type RunOptions,
  type RunOutcome,
  runIngestJob,
} from './runIngestJob.ts';
export { type DropState, dropGroup, type ExpectedPart, SplitDrops } from './SplitDrops.ts';
export { SPLIT_DROP_TIMEOUT_MS, type SweepResult, sweepInbound } from './sweepInbound.ts';
export { JOB_RUN_LEASE_MS, withJobRun } from './withJobRun.ts';
