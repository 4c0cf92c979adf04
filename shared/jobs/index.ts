export { DynamoJobStore } from './DynamoJobStore.ts';
export { ForwardingJobStore } from './ForwardingJobStore.ts';
export { isFinished, type Job, type JobStatus, type JobType } from './Job.ts';
export type { IngestMessage, JobDispatcher } from './JobDispatcher.ts';
export type { JobStore } from './JobStore.ts';
export { type JobFileKind, jobFilesOf } from './jobFilesOf.ts';
export { jobWarnings } from './jobWarnings.ts';
export { type JobFiles, LINK_SECONDS, listJobFiles } from './listJobFiles.ts';
export { loadOverview, OVERVIEW_MAX_DROPS } from './loadOverview.ts';
export { type Overview, overviewOf, partnerOfKey } from './overviewOf.ts';
export { parseCheckpoint } from './parseCheckpoint.ts';
export { publicJob } from './publicJob.ts';
export {
  addReasons,
  type DeliveredFile,
  type DeliveryReceipt,
  emptyReceipt,
  MAX_RECEIPT_ERRORS,
  noUnmatched,
  type Receipt,
  type ReceiptError,
  type ReceiptFormat,
  type ReceiptMode,
  UNMATCHED_REASONS,
  type UnmatchedReasons,
} from './Receipt.ts';
export { ReportingJobStore } from './ReportingJobStore.ts';
export { SqsJobDispatcher } from './SqsJobDispatcher.ts';
export { withWarnings } from './withWarnings.ts';
