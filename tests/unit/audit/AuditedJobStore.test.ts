import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuditedJobStore, type AuditStore, DynamoAuditStore } from '../../../shared/audit/index.ts';
import { DynamoJobStore, emptyReceipt, type Job, ReportingJobStore } from '../../../shared/jobs/index.ts';
import { useDynamoTables } from '../../helpers/dynamoTables.ts';

const job = (jobId: string, startedBy: string): Job => ({
  jobId,
  type: 'export',
  status: 'queued',
  createdAt: '2026-03-04T05:00:00.000Z',
  updatedAt: '2026-03-04T05:00:00.000Z',
  receipt: emptyReceipt(),
  attempts: 0,
  startedBy,
});

describe('AuditedJobStore', () => {
  const tables = useDynamoTables();
  const now = () => new Date('2026-03-04T05:06:07.000Z');
  afterEach(() => {
    vi.restoreAllMocks();
  });

  async function stores() {
    const name = await tables.create('jobs');
    const audit = new DynamoAuditStore(tables.ddb, name);
    return { name, audit, jobs: new AuditedJobStore(new DynamoJobStore(tables.ddb, name), audit, now) };
  }

  it('records queue, start and end with the starter as actor when a job runs', async () => {
    const { audit, jobs } = await stores();
    await jobs.put(job('export:weekly:1', 'alice'));
    expect(
      (await jobs.transition('export:weekly:1', ['queued', 'running'], { status: 'running' }))?.status,
    ).toBe('running');
    // A checkpoint save (running → running) is no start.
    await jobs.transition('export:weekly:1', ['running'], { status: 'running', checkpoint: { n: 1 } });
    await jobs.transition('export:weekly:1', ['running'], { status: 'succeeded' });
    const { entries } = await audit.list({ date: '2026-03-04', limit: 10 });
    expect(entries.map((e) => [e.action, e.actor, e.target, e.outcome]).sort()).toEqual([
      ['job.end', 'alice', 'export:weekly:1', 'succeeded'],
      ['job.queue', 'alice', 'export:weekly:1', 'queued'],
      ['job.start', 'alice', 'export:weekly:1', 'running'],
    ]);
  });

  it('records nothing when a transition does not happen', async () => {
    const { audit, jobs } = await stores();
    expect(await jobs.transition('export:none:1', ['queued'], { status: 'running' })).toBeUndefined();
    expect((await audit.list({ date: '2026-03-04', limit: 10 })).entries).toEqual([]);
  });

  it('keeps the status change when the audit store fails', async () => {
    const { jobs: plain } = await stores();
    const failing: AuditStore = {
      record: async () => {
        throw new Error('audit down');
      },
      list: async () => ({ entries: [] }),
    };
    const jobs = new AuditedJobStore(plain, failing, now);
    await jobs.put(job('export:x:1', 'schedule'));
    expect((await jobs.transition('export:x:1', ['queued'], { status: 'failed' }))?.status).toBe('failed');
    expect((await jobs.get('export:x:1'))?.status).toBe('failed');
  });

  it('ends a job with one read of it, audited and reported from the record transition returns', async () => {
    const { audit, name } = await stores();
    const ended: Job[] = [];
    // Built as createRuntime builds it: audit over reporting over DynamoDB.
    const reported = new ReportingJobStore(new DynamoJobStore(tables.ddb, name), (done) => ended.push(done));
    const jobs = new AuditedJobStore(reported, audit, now);
    await jobs.put(job('export:weekly:2', 'bob'));
    // Counts only: every request still reaches the emulator.
    const sent = vi.spyOn(tables.ddb, 'send');
    const finished = await jobs.transition('export:weekly:2', ['queued', 'running'], {
      status: 'failed',
      error: { code: 'dependency_failed', message: 'gave up after 3 attempts' },
      updatedAt: '2026-03-04T05:06:07.000Z',
    });
    // One GetItem (the store's read before its conditional write), then the job and the audit entry.
    expect(sent.mock.calls.map(([command]) => command.constructor.name)).toEqual([
      'GetCommand',
      'PutCommand',
      'PutCommand',
    ]);
    vi.restoreAllMocks();
    const expected: Job = {
      ...job('export:weekly:2', 'bob'),
      status: 'failed',
      error: { code: 'dependency_failed', message: 'gave up after 3 attempts' },
      updatedAt: '2026-03-04T05:06:07.000Z',
    };
    expect(finished).toEqual(expected);
    expect(ended).toEqual([expected]);
    const { entries } = await audit.list({ date: '2026-03-04', limit: 10 });
    expect(entries.map((e) => [e.action, e.actor, e.target, e.outcome]).sort()).toEqual([
      ['job.end', 'bob', 'export:weekly:2', 'failed'],
      ['job.queue', 'bob', 'export:weekly:2', 'queued'],
    ]);
  });
});
