import { describe, expect, it } from 'vitest';
import { checkDrop } from '../../../shared/ingest/checkDrop.ts';
import { MAX_INGEST_ATTEMPTS, startAttempt } from '../../../shared/ingest/startAttempt.ts';
import { memoryIngestPorts } from '../../helpers/memoryIngestPorts.ts';
import { RECIPIENTS_CSV, startedJob } from './ingestFixture.ts';

const SEGMENTS = 'inbound/S3_1_55555_iter_1486140844000.sync';

describe('start the attempt', () => {
  it('gives up past the attempt bound, quoting the last failure in the job and its receipt', async () => {
    const w = memoryIngestPorts();
    const job = await startedJob(w, SEGMENTS);
    const worn = {
      ...job,
      attempts: MAX_INGEST_ATTEMPTS,
      error: { code: 'dependency_failed', message: 'a dependency failed (TimeoutError)' },
    };
    await w.ports.jobs.put(worn);
    expect(await startAttempt(w.ports, worn)).toBe('failed');
    const failure = {
      code: 'dependency_failed',
      message: 'gave up after 8 attempts; last failure: a dependency failed (TimeoutError)',
    };
    expect(w.jobs.get(job.jobId)).toMatchObject({ status: 'failed', error: failure });
    expect(w.receipts.get(job.jobId)?.failure).toEqual(failure);
  });

  it('leaves a job that finished meanwhile alone', async () => {
    const w = memoryIngestPorts();
    const job = await startedJob(w, SEGMENTS);
    await w.ports.jobs.transition(job.jobId, ['running'], { status: 'succeeded' });
    expect(await startAttempt(w.ports, job)).toBe('succeeded');
    expect(w.jobs.get(job.jobId)?.attempts).toBe(1);
  });
});

describe('check the drop', () => {
  it('fails the job when the object is gone', async () => {
    const w = memoryIngestPorts();
    const job = await startedJob(w, SEGMENTS);
    expect(await checkDrop(w.ports, job)).toEqual({ outcome: 'failed' });
    expect(w.jobs.get(job.jobId)?.error).toEqual({ code: 'not_found', message: 'file: the object is gone' });
  });

  it('refuses a name that claims a time after the upload', async () => {
    const w = memoryIngestPorts();
    w.drop(SEGMENTS, 'id1 7\n', { lastModified: new Date('2017-02-03T16:00:00.000Z') });
    const job = await startedJob(w, SEGMENTS);
    expect(await checkDrop(w.ports, job)).toEqual({ outcome: 'failed' });
    expect(w.jobs.get(job.jobId)?.error?.message).toBe(
      'file: the name says 2017-02-03T16:54:04.000Z, later than its upload at 2017-02-03T16:00:00.000Z plus 15 min',
    );
  });

  it('refuses a drop its partner may not make, and one in no partner folder without a default', async () => {
    const w = memoryIngestPorts();
    w.partner.recipients = false;
    w.drop('inbound/recipients/load.csv', RECIPIENTS_CSV);
    const job = await startedJob(w, 'inbound/recipients/load.csv');
    expect(await checkDrop(w.ports, job)).toEqual({ outcome: 'failed' });
    expect(w.jobs.get(job.jobId)?.error?.message).toBe('partner default: may not load recipients');

    w.ports.partners = { get: async () => undefined };
    w.drop(SEGMENTS, 'id1 7\n');
    const orphan = await startedJob(w, SEGMENTS);
    expect(await checkDrop(w.ports, orphan)).toEqual({ outcome: 'failed' });
    expect(w.jobs.get(orphan.jobId)?.error?.message).toBe(
      "partner: the drop is in no partner's folder and no default partner is configured",
    );
  });

  it('skips a drop whose data source has import disabled, applying nothing', async () => {
    const w = memoryIngestPorts();
    w.ports.identity.dataSources.byDpid = async (dpid) =>
      dpid === 55555 ? ({ importEnabled: false } as never) : undefined;
    w.drop(SEGMENTS, 'id1 7\n');
    const job = await startedJob(w, SEGMENTS);
    expect(await checkDrop(w.ports, job)).toEqual({ outcome: 'succeeded' });
    expect(w.jobs.get(job.jobId)).toMatchObject({
      status: 'succeeded',
      receipt: { skipped: 'import-disabled', linesRead: 0 },
    });
    expect(w.applied.size).toBe(0);
  });

  it('holds a split part until the .info and every part arrived, then checks it against the .info', async () => {
    const w = memoryIngestPorts();
    const part = (n: number) => `inbound/S3_1_55555_iter_1486140844000_00${n}.sync`;
    w.drop(part(1), 'id1 7\n');
    w.drop(part(2), 'id2 7\n');
    const first = await startedJob(w, part(1));
    expect(await checkDrop(w.ports, first)).toEqual({ outcome: 'waiting' });
    expect(w.jobs.get(first.jobId)).toMatchObject({ status: 'queued', attempts: 0 });

    const listed = (n: number) => ({
      FileName: `S3_1_55555_iter_1486140844000_00${n}.sync`,
      FileSequenceNumber: n,
      FileByteSize: 6,
      FileLineCount: 1,
      md5: 'x',
    });
    await w.splitDrops.recordControl(
      'inbound/S3_1_55555_iter_1486140844000',
      'k.info',
      { Files: [listed(1), listed(2)] } as never,
      w.ports.now(),
    );
    const second = await startedJob(w, part(2));
    const checked = await checkDrop(w.ports, second);
    expect('drop' in checked && checked.drop.expected).toEqual(listed(2));
    expect(w.enqueued).toEqual([{ message: { kind: 'continue', jobId: first.jobId }, delayed: false }]);
  });
});
