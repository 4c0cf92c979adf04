import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../../shared/errors/index.ts';
import type { Job, JobStore } from '../../../shared/jobs/index.ts';
import {
  MaterializeJobs,
  type MaterializePlan,
  type MaterializeReceipt,
} from '../../../shared/rules/index.ts';

/** Jobs in memory, with `transition` as the store promises it (from-status check, stored job back). */
function memoryJobs(): JobStore & { all: Map<string, Job> } {
  const all = new Map<string, Job>();
  return {
    all,
    get: async (jobId) => all.get(jobId),
    put: async (job) => {
      all.set(job.jobId, job);
    },
    list: async () => ({ jobs: [...all.values()] }),
    listUnfinished: async () =>
      [...all.values()].filter((job) => job.status === 'queued' || job.status === 'running'),
    transition: async (jobId, from, changes) => {
      const job = all.get(jobId);
      if (!job || !from.includes(job.status)) return undefined;
      const next = { ...job, ...changes };
      all.set(jobId, next);
      return next;
    },
  };
}

const pass = (
  mode: 'full' | 'incremental',
  added: number,
  removed: number,
  size: number,
): MaterializeReceipt => ({
  mode,
  evaluated: added + removed,
  added,
  removed,
  size,
});

function harness(passes: Array<MaterializeReceipt | Error>) {
  const jobs = memoryJobs();
  const enqueued: string[] = [];
  let planned = 0;
  const materialize = new MaterializeJobs({
    jobs,
    enqueue: async (jobId) => {
      enqueued.push(jobId);
    },
    now: () => new Date('2026-12-02T09:00:00Z'),
    materializer: {
      plan: async () => {
        planned++;
        return { mode: planned <= passes.length ? 'incremental' : 'unchanged' } as MaterializePlan;
      },
      apply: async () => {
        const next = passes[planned - 1];
        if (next instanceof Error) throw next;
        return next as MaterializeReceipt;
      },
    },
  });
  return { jobs, enqueued, materialize };
}

describe('MaterializeJobs', () => {
  it('queues once while waiting, again while running, and sums the passes of one run', async () => {
    const h = harness([pass('full', 3, 0, 3), pass('incremental', 1, 2, 2)]);
    const jobId = await h.materialize.request('rule.t', 'user');
    await h.materialize.request('rule.t', 'commit:aam.1');
    expect(h.enqueued).toEqual(['materialize:rule.t']);
    await h.materialize.run(jobId);
    const job = h.jobs.all.get(jobId);
    expect(job).toMatchObject({ type: 'materialize', status: 'succeeded', attempts: 1 });
    expect(job?.receipt).toMatchObject({ mode: 'full', recordsProcessed: 6, added: 4, removed: 2, size: 2 });
    // Nothing changed: the run ends succeeded and keeps the receipt of the last run that did something.
    await h.materialize.request('rule.t', 'schedule');
    await h.materialize.run(jobId);
    expect(h.jobs.all.get(jobId)?.receipt).toMatchObject({ added: 4, removed: 2, size: 2 });
    expect(h.enqueued).toHaveLength(2);
  });

  it('drops a message that finds another run holding the rule list, and fails the job on anything else', async () => {
    const busy = harness([new ConflictError('list rule.t: another job is writing it')]);
    const jobId = await busy.materialize.request('rule.t', 'user');
    expect(await busy.materialize.run(jobId)).toBe('done');
    expect(busy.jobs.all.get(jobId)?.status).toBe('running');
    const broken = harness([new Error('disk on fire')]);
    await broken.materialize.request('rule.t', 'user');
    await broken.materialize.run(jobId);
    expect(broken.jobs.all.get(jobId)).toMatchObject({
      status: 'failed',
      error: { code: 'internal', message: 'materialisation failed' },
    });
  });
});
