import { describe, expect, it } from 'vitest';
import { emptyReceipt, type Job, overviewOf } from '../../../shared/jobs/index.ts';

function drop(
  key: string,
  createdAt: string,
  status: Job['status'],
  counts: Partial<Job['receipt']> = {},
): Job {
  return {
    jobId: `ingest:${key}`,
    type: 'ingest',
    status,
    createdAt,
    updatedAt: createdAt,
    receipt: { ...emptyReceipt('aam-outbound', 'incremental'), ...counts },
    source: { key },
    attempts: 1,
  };
}

describe('overviewOf', () => {
  const now = new Date('2026-12-02T12:00:00Z');

  it('counts drops per UTC day by status and sums rows and matches per partner folder', () => {
    const jobs: Job[] = [
      drop('inbound/aam/a.sync', '2026-12-02T01:00:00Z', 'succeeded', {
        linesRead: 10,
        recordsProcessed: 8,
        unmatchedIds: 2,
      }),
      drop('inbound/aam/b.sync', '2026-12-01T23:59:59Z', 'failed', {
        linesRead: 5,
        recordsProcessed: 4,
        unmatchedIds: 4,
      }),
      drop('inbound/c.sync', '2026-12-01T10:00:00Z', 'running', { linesRead: 100, recordsProcessed: 100 }),
      drop('inbound/aep/old.csv', '2026-11-29T23:59:59Z', 'succeeded', { linesRead: 7 }),
      { ...drop('inbound/x', '2026-12-02T02:00:00Z', 'succeeded'), type: 'export', jobId: 'export:a:1' },
    ];
    const overview = overviewOf(jobs, now, 3);
    expect(overview.days).toEqual([
      { date: '2026-11-30', queued: 0, running: 0, succeeded: 0, failed: 0 },
      { date: '2026-12-01', queued: 0, running: 1, succeeded: 0, failed: 1 },
      { date: '2026-12-02', queued: 0, running: 0, succeeded: 1, failed: 0 },
    ]);
    expect(overview.partners).toEqual([
      { partner: 'default', drops: 1, rows: 100, recordsProcessed: 100, unmatchedIds: 0 },
      { partner: 'aam', drops: 2, rows: 15, recordsProcessed: 12, unmatchedIds: 6 },
    ]);
  });
});
