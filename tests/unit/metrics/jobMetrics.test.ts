import { describe, expect, it } from 'vitest';
import { jobMetrics } from '../../../shared/metrics/index.ts';
import { finishedJob } from './jobFactory.ts';

const asRecord = (job: Parameters<typeof jobMetrics>[0]) =>
  Object.fromEntries(jobMetrics(job).map((m) => [m.name, { unit: m.unit, value: m.value }]));

describe('jobMetrics', () => {
  it('gives DeliveriesFailed 1 and the bytes delivered when a delivery failed for good', () => {
    const delivery = {
      destination: 'p',
      kind: 'sftp' as const,
      round: 1,
      delivered: [],
      bytes: 0,
      attempts: 0,
    };
    const failed = finishedJob({ jobId: 'deliver:export:a:1', type: 'deliver', status: 'failed' });
    expect(asRecord(failed)).toEqual({
      DeliveriesFailed: { unit: 'Count', value: 1 },
      BytesDelivered: { unit: 'Bytes', value: 0 },
      JobsFailed: { unit: 'Count', value: 1 },
      JobDurationMs: { unit: 'Milliseconds', value: 2500 },
    });
    const done = finishedJob({ type: 'deliver', receipt: { delivery: { ...delivery, bytes: 4096 } } });
    expect(asRecord(done)).toMatchObject({
      DeliveriesFailed: { unit: 'Count', value: 0 },
      BytesDelivered: { unit: 'Bytes', value: 4096 },
    });
  });

  it('gives every ingest counter, both rates and the duration when an ingest job succeeded', () => {
    const job = finishedJob({
      source: { key: 'inbound/a.sync', etag: 'e1', size: 4096 },
      receipt: {
        linesRead: 200,
        formatErrors: 6,
        invalidIds: 4,
        recordsProcessed: 190,
        unmatchedIds: 38,
        membershipsAdded: 150,
        membershipsRemoved: 2,
      },
    });
    expect(asRecord(job)).toEqual({
      DropsReceived: { unit: 'Count', value: 1 },
      LinesRead: { unit: 'Count', value: 200 },
      RecordsProcessed: { unit: 'Count', value: 190 },
      RecordsRejected: { unit: 'Count', value: 10 },
      FormatErrors: { unit: 'Count', value: 6 },
      InvalidIds: { unit: 'Count', value: 4 },
      RecordsMatched: { unit: 'Count', value: 152 },
      UnmatchedIds: { unit: 'Count', value: 38 },
      MembershipsAdded: { unit: 'Count', value: 150 },
      MembershipsRemoved: { unit: 'Count', value: 2 },
      ZeroMatchDrops: { unit: 'Count', value: 0 },
      MatchRate: { unit: 'None', value: 0.8 },
      RejectionRate: { unit: 'None', value: 0.05 },
      BytesRead: { unit: 'Bytes', value: 4096 },
      JobsFailed: { unit: 'Count', value: 0 },
      JobDurationMs: { unit: 'Milliseconds', value: 2500 },
    });
  });

  it('counts a zero-match drop when a non-empty file matched no recipient', () => {
    const metrics = asRecord(
      finishedJob({ receipt: { linesRead: 3, recordsProcessed: 3, unmatchedIds: 3 } }),
    );
    expect(metrics.ZeroMatchDrops).toEqual({ unit: 'Count', value: 1 });
    expect(metrics.MatchRate).toEqual({ unit: 'None', value: 0 });
    expect(metrics.RecordsMatched).toEqual({ unit: 'Count', value: 0 });
  });

  it('counts a zero-match drop and omits the match rate when every line was rejected', () => {
    const metrics = asRecord(finishedJob({ receipt: { linesRead: 4, formatErrors: 4 } }));
    expect(metrics.ZeroMatchDrops?.value).toBe(1);
    expect(metrics.RejectionRate).toEqual({ unit: 'None', value: 1 });
    expect(metrics.MatchRate).toBeUndefined();
  });

  it('does not count a zero-match drop when the drop was skipped as a duplicate', () => {
    const metrics = asRecord(
      finishedJob({ receipt: { linesRead: 0, duplicate: true, skipped: 'duplicate' } }),
    );
    expect(metrics.ZeroMatchDrops?.value).toBe(0);
    expect(metrics.RejectionRate).toBeUndefined();
    expect(metrics.BytesRead).toBeUndefined();
  });

  it('counts a failure and no zero-match drop when an ingest job failed', () => {
    const metrics = asRecord(finishedJob({ status: 'failed', receipt: { linesRead: 5, formatErrors: 5 } }));
    expect(metrics.JobsFailed?.value).toBe(1);
    expect(metrics.ZeroMatchDrops?.value).toBe(0);
    expect(metrics.JobDurationMs?.value).toBe(2500);
  });

  it('omits the duration when the job is still running', () => {
    expect(asRecord(finishedJob({ status: 'running' })).JobDurationMs).toBeUndefined();
  });

  it('gives the export counters and one success when an export job succeeded', () => {
    const job = finishedJob({
      jobId: 'export:weekly:1',
      type: 'export',
      updatedAt: '2024-01-01T00:01:00.000Z',
      receipt: { recordsWritten: 90, recordsWithoutId: 7, recordsSuppressed: 3, files: ['outbound/a'] },
    });
    expect(asRecord(job)).toEqual({
      RecordsWritten: { unit: 'Count', value: 90 },
      RecordsWithoutId: { unit: 'Count', value: 7 },
      RecordsSuppressed: { unit: 'Count', value: 3 },
      ExportsSucceeded: { unit: 'Count', value: 1 },
      JobsFailed: { unit: 'Count', value: 0 },
      JobDurationMs: { unit: 'Milliseconds', value: 60000 },
    });
  });

  it('emits no success when an export job failed', () => {
    const metrics = asRecord(finishedJob({ jobId: 'export:weekly:2', type: 'export', status: 'failed' }));
    expect(metrics.ExportsSucceeded).toBeUndefined();
    expect(metrics.JobsFailed?.value).toBe(1);
    expect(metrics.RecordsWritten?.value).toBe(0);
  });
});
