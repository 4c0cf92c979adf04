import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../../shared/errors/index.ts';
import { checkDrop } from '../../../shared/ingest/checkDrop.ts';
import { commitDrop } from '../../../shared/ingest/commitDrop.ts';
import { IngestRun } from '../../../shared/ingest/IngestRun.ts';
import { reportDrop } from '../../../shared/ingest/reportDrop.ts';
import { streamBatches } from '../../../shared/ingest/streamBatches.ts';
import type { Job } from '../../../shared/jobs/index.ts';
import { memoryIngestPorts } from '../../helpers/memoryIngestPorts.ts';
import { RECIPIENTS_CSV, startedJob, type World } from './ingestFixture.ts';

const KEY = 'inbound/recipients/load.csv';
const inTime = { outOfTime: () => false };

async function runOf(w: World, job?: Job): Promise<IngestRun> {
  w.drop(KEY, RECIPIENTS_CSV);
  const started = job ?? (await startedJob(w, KEY));
  const checked = await checkDrop(w.ports, started);
  if (!('drop' in checked)) throw new Error(`not checked: ${checked.outcome}`);
  return new IngestRun(w.ports, started, checked.drop);
}

/** Records each batch of recipients the drop loads. */
function recordBatches(w: World): string[][] {
  const batches: string[][] = [];
  w.ports.identity.recipients.putMany = async (records) => {
    batches.push(records.map((r) => r.recipientId));
    return { written: records.length, errors: [] };
  };
  return batches;
}

describe('stream batches', () => {
  it('loads the records in batches, rejects the bad line and checkpoints every checkpointLines lines', async () => {
    const w = memoryIngestPorts({ settings: { ingestBatchLines: 2, checkpointLines: 2 } });
    const batches = recordBatches(w);
    const run = await runOf(w);
    expect(await streamBatches(run, inTime)).toBe('read');
    expect(batches).toEqual([
      ['p-1', 'p-3'],
      ['p-4', 'p-5'],
    ]);
    expect(w.files.get(`rejected/${KEY}.tsv`)?.rows).toEqual([
      '3\temail: invalid email (expected an email address)\tp-2,not-an-email',
    ]);
    expect(w.jobs.get(run.job.jobId)?.checkpoint).toMatchObject({ linesDone: 6 });
    expect(w.jobs.get(run.job.jobId)?.progress).toMatchObject({ lines: 6, bytes: RECIPIENTS_CSV.length });
    expect(run.receipt()).toMatchObject({ linesRead: 5, recordsProcessed: 4, invalidIds: 1 });
  });

  it('hands over at a checkpoint when out of time, and the next run loads only the lines after it', async () => {
    const w = memoryIngestPorts({ settings: { ingestBatchLines: 2 } });
    const batches = recordBatches(w);
    const first = await runOf(w);
    expect(await streamBatches(first, { outOfTime: () => true })).toBe('continued');
    expect(w.enqueued).toEqual([{ message: { kind: 'continue', jobId: first.job.jobId }, delayed: false }]);
    expect(w.files.get(`rejected/${KEY}.tsv`)?.state).toBe('aborted');
    const saved = w.jobs.get(first.job.jobId);
    expect(saved?.checkpoint).toMatchObject({ linesDone: 4 });

    const next = await runOf(w, saved);
    expect(await streamBatches(next, inTime)).toBe('read');
    expect(batches).toEqual([
      ['p-1', 'p-3'],
      ['p-4', 'p-5'],
    ]);
    expect(next.receipt()).toMatchObject({ linesRead: 5, recordsProcessed: 4, invalidIds: 1 });
  });

  it('gives the attempt back and waits its turn when a store is busy with another job', async () => {
    const w = memoryIngestPorts();
    w.ports.identity.recipients.putMany = () => Promise.reject(new ConflictError('list busy'));
    const run = await runOf(w);
    expect(await streamBatches(run, inTime)).toBe('waiting');
    expect(w.jobs.get(run.job.jobId)).toMatchObject({ status: 'running', attempts: 0 });
    expect(w.enqueued).toEqual([{ message: { kind: 'continue', jobId: run.job.jobId }, delayed: true }]);
  });
});

describe('commit and report', () => {
  it('marks the object applied once, writes the rejected file out and the receipt with the job', async () => {
    const w = memoryIngestPorts();
    const run = await runOf(w);
    await streamBatches(run, inTime);
    await reportDrop(run, await commitDrop(run));
    expect(w.applied).toEqual(new Map([[`${KEY}|e-1`, run.job.jobId]]));
    expect(w.files.get(`rejected/${KEY}.tsv`)?.state).toBe('closed');
    const job = w.jobs.get(run.job.jobId);
    expect(job).toMatchObject({
      status: 'succeeded',
      checkpoint: undefined,
      source: { key: KEY, etag: 'e-1' },
    });
    expect(job?.receipt).toMatchObject({
      format: 'recipients-csv',
      linesRead: 5,
      recordsProcessed: 4,
      invalidIds: 1,
    });
    expect(w.receipts.get(run.job.jobId)).toEqual(job?.receipt);
    expect([...w.recipients.keys()]).toEqual(['p-1', 'p-3', 'p-4', 'p-5']);
  });
});
