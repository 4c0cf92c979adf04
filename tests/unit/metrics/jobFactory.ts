import { emptyReceipt, type Job, type Receipt } from '../../../shared/jobs/index.ts';

/** A finished job for metric and warning tests; the receipt starts from `emptyReceipt`. */
export function finishedJob(
  overrides: Partial<Omit<Job, 'receipt'>> & { receipt?: Partial<Receipt> } = {},
): Job {
  const { receipt, ...rest } = overrides;
  return {
    jobId: 'ingest:inbound/segments_20240101.sync',
    type: 'ingest',
    status: 'succeeded',
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:02.500Z',
    attempts: 1,
    ...rest,
    receipt: { ...emptyReceipt('aam-outbound', 'incremental'), ...receipt },
  };
}
