import { randomUUID } from 'node:crypto';
import { AppError, ConflictError } from '../errors/index.ts';
import { emptyReceipt, type Job, type JobStore, type Receipt } from '../jobs/index.ts';
import { logger } from '../logging/index.ts';
import type { MaterializeReceipt, RuleListMaterializer } from './RuleListMaterializer.ts';

const PREFIX = 'materialize:';

/** The job of a rule list: one per list, run again on each trigger. */
export const materializeJobId = (listId: string) => `${PREFIX}${listId}`;

export interface MaterializeJobPorts {
  jobs: JobStore;
  /** Puts a `{jobId}` message on the worker queue. */
  enqueue(jobId: string): Promise<void>;
  materializer: Pick<RuleListMaterializer, 'plan' | 'apply'>;
  now: () => Date;
}

function receiptOf(result: MaterializeReceipt): Receipt {
  return {
    ...emptyReceipt(null, result.mode),
    recordsProcessed: result.evaluated,
    membershipsAdded: result.added,
    membershipsRemoved: result.removed,
    added: result.added,
    removed: result.removed,
    size: result.size,
  };
}

/**
 * The `materialize:<listId>` job: `request` queues it (once while it waits; again while it runs,
 * so a change during a run gets its own run), `run` claims it, asks the materialiser for a plan,
 * applies it and records the receipt. A run that finds nothing changed keeps the last receipt.
 *
 * @example
 * await jobs.request('rule.engaged', 'commit:aam.4321');
 * const outcome = await jobs.run('materialize:rule.engaged'); // 'done' or 'busy' (retry later)
 */
export class MaterializeJobs {
  constructor(private readonly ports: MaterializeJobPorts) {}

  async request(listId: string, startedBy: string, options: { always?: boolean } = {}): Promise<string> {
    const { jobs } = this.ports;
    const jobId = materializeJobId(listId);
    const job = await jobs.get(jobId);
    const now = this.ports.now().toISOString();
    if (!job) {
      await jobs.put({
        jobId,
        type: 'materialize',
        status: 'queued',
        createdAt: now,
        updatedAt: now,
        receipt: emptyReceipt(),
        attempts: 0,
        startedBy,
      });
    } else if (job.status === 'queued') {
      // Its message is on the way and the run reads the inputs when it starts.
      if (!options.always) return jobId;
    } else if (job.status !== 'running') {
      await jobs.transition(jobId, [job.status], { status: 'queued', startedBy });
    }
    await this.ports.enqueue(jobId);
    return jobId;
  }

  async run(jobId: string): Promise<'done' | 'busy'> {
    const { jobs, materializer } = this.ports;
    const listId = jobId.slice(PREFIX.length);
    const job = await jobs.get(jobId);
    if (!job) return 'done';
    // Claimed before planning: a change committed from here on queues a message of its own.
    const claimed = await jobs.transition(jobId, [job.status], {
      status: 'running',
      attempts: job.attempts + 1,
    });
    if (!claimed) return 'busy';
    try {
      const plan = await materializer.plan(listId);
      if (plan.mode === 'unchanged') {
        await this.finish(claimed, { status: 'succeeded' });
        return 'done';
      }
      const result = await materializer.apply(plan, `${jobId}:${randomUUID()}`);
      await this.finish(claimed, { status: 'succeeded', receipt: receiptOf(result) });
      logger.info('rule list materialised', { ...result });
      return 'done';
    } catch (error) {
      // Another run holds the rule list: it finishes it, this message comes back after it.
      if (error instanceof ConflictError) return 'busy';
      const code = error instanceof AppError ? error.code : 'internal';
      const message = error instanceof AppError ? error.message : 'materialisation failed';
      logger.error('materialisation failed', { error });
      await this.finish(claimed, { status: 'failed', error: { code, message } });
      return 'done';
    }
  }

  private async finish(claimed: Job, changes: Partial<Job> & { status: Job['status'] }): Promise<void> {
    await this.ports.jobs.transition(claimed.jobId, ['running'], changes);
  }
}
