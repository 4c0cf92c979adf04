import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createJobMetrics, recordJobMetrics } from '../../../shared/metrics/index.ts';
import { finishedJob } from './jobFactory.ts';

let lines: string[] = [];

beforeEach(() => {
  lines = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

const emf = () => lines.filter((line) => line.includes('"_aws"')).map((line) => JSON.parse(line));

describe('recordJobMetrics', () => {
  it('prints one EMF record in the AudienceBridge namespace with service and jobType sets when an ingest job ends', () => {
    recordJobMetrics(
      createJobMetrics(),
      finishedJob({
        receipt: {
          linesRead: 10,
          recordsProcessed: 8,
          unmatchedIds: 2,
          formatErrors: 2,
          membershipsAdded: 6,
        },
      }),
    );
    const records = emf();
    expect(records).toHaveLength(1);
    const record = records[0];
    expect(record._aws.CloudWatchMetrics).toHaveLength(1);
    const [directive] = record._aws.CloudWatchMetrics;
    expect(directive.Namespace).toBe('AudienceBridge');
    expect(directive.Dimensions).toEqual([['service'], ['service', 'jobType']]);
    expect(directive.Metrics).toContainEqual({ Name: 'MatchRate', Unit: 'None' });
    expect(directive.Metrics).toContainEqual({ Name: 'JobDurationMs', Unit: 'Milliseconds' });
    expect(record).toMatchObject({
      service: 'audience-bridge',
      jobType: 'ingest',
      DropsReceived: 1,
      LinesRead: 10,
      RecordsProcessed: 8,
      RecordsRejected: 2,
      FormatErrors: 2,
      InvalidIds: 0,
      RecordsMatched: 6,
      UnmatchedIds: 2,
      MembershipsAdded: 6,
      MatchRate: 0.75,
      RejectionRate: 0.2,
      ZeroMatchDrops: 0,
      JobsFailed: 0,
      JobDurationMs: 2500,
    });
  });

  it('prints no key, job ID or list ID when a job has them', () => {
    recordJobMetrics(
      createJobMetrics(),
      finishedJob({
        source: { key: 'inbound/partner-x.sync', etag: 'abc' },
        receipt: { segments: ['4321'] },
      }),
    );
    const [printed] = lines.filter((line) => line.includes('"_aws"'));
    expect(printed).not.toContain('partner-x');
    expect(printed).not.toContain('4321');
    expect(printed).not.toContain('ingest:');
  });

  it('publishes the export success under jobType export when an export job succeeds', () => {
    const metrics = createJobMetrics();
    recordJobMetrics(
      metrics,
      finishedJob({ jobId: 'export:a:1', type: 'export', receipt: { recordsWritten: 5 } }),
    );
    recordJobMetrics(metrics, finishedJob({ jobId: 'export:a:2', type: 'export', status: 'failed' }));
    const [ok, failed] = emf();
    expect(ok).toMatchObject({ jobType: 'export', ExportsSucceeded: 1, RecordsWritten: 5, JobsFailed: 0 });
    expect(failed).toMatchObject({ jobType: 'export', JobsFailed: 1, RecordsWritten: 0 });
    expect(failed).not.toHaveProperty('ExportsSucceeded');
  });
});
