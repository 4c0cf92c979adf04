import { afterEach, describe, expect, it, vi } from 'vitest';
import { DynamoJobStore, emptyReceipt, type Job, ReportingJobStore } from '../../../shared/jobs/index.ts';
import { useDynamoTables } from '../../helpers/dynamoTables.ts';

const queued: Job = {
  jobId: 'ingest:inbound/b.sync',
  type: 'ingest',
  status: 'queued',
  createdAt: '2026-03-04T05:00:00.000Z',
  updatedAt: '2026-03-04T05:00:00.000Z',
  receipt: emptyReceipt(),
  attempts: 0,
  startedBy: 's3',
};

describe('ReportingJobStore', () => {
  const tables = useDynamoTables();
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** The store over the emulator, each job it reports, and a count of the requests it sends. */
  async function reporting() {
    const name = await tables.create('jobs');
    const ended: Job[] = [];
    const jobs = new ReportingJobStore(new DynamoJobStore(tables.ddb, name), (job) => ended.push(job));
    await jobs.put(queued);
    // Counts only: every request still reaches the emulator.
    const sent = vi.spyOn(tables.ddb, 'send');
    const commands = () => sent.mock.calls.map(([command]) => command.constructor.name);
    return { jobs, ended, commands };
  }

  it('reports the finished job with its warnings without reading it again when a transition ends it', async () => {
    const { jobs, ended, commands } = await reporting();
    const receipt = {
      ...emptyReceipt('aam-inbound', 'sync'),
      linesRead: 3,
      recordsProcessed: 3,
      unmatchedIds: 3,
    };
    const finished = await jobs.transition(queued.jobId, ['queued', 'running'], {
      status: 'succeeded',
      attempts: 1,
      receipt,
      updatedAt: '2026-03-04T05:06:07.000Z',
    });
    const expected: Job = {
      ...queued,
      status: 'succeeded',
      attempts: 1,
      updatedAt: '2026-03-04T05:06:07.000Z',
      receipt: { ...receipt, warnings: ['applied nothing: none of the 3 valid IDs matched a recipient'] },
    };
    expect(finished).toEqual(expected);
    expect(ended).toEqual([expected]);
    // The store's own read before its conditional write, and that write: no read back.
    expect(commands()).toEqual(['GetCommand', 'PutCommand']);
    expect(await jobs.get(queued.jobId)).toEqual(expected);
  });

  it('reports nothing when a transition does not end the job or does not happen', async () => {
    const { jobs, ended, commands } = await reporting();
    expect(await jobs.transition(queued.jobId, ['running'], { status: 'failed' })).toBeUndefined();
    const running = await jobs.transition(queued.jobId, ['queued'], { status: 'running', attempts: 1 });
    expect(running?.status).toBe('running');
    expect(running?.attempts).toBe(1);
    expect(ended).toEqual([]);
    expect(commands()).toEqual(['GetCommand', 'GetCommand', 'PutCommand']);
  });
});
