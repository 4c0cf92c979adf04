import { randomUUID } from 'node:crypto';
import { AppError, ConflictError } from '../errors/index.ts';
import { emptyReceipt, type Job, type JobStore, type Receipt } from '../jobs/index.ts';
import { logger } from '../logging/index.ts';
import type { MaterializeReceipt, RuleListMaterializer } from './RuleListMaterializer.ts';

const PREFIX = 'materialize:';
/** How long one job run keeps re-planning while its inputs keep changing, before it queues itself again. */
const MAX_RUN_MS = 5 * 60_000;

/** The job of a rule list: one per list, run again on each trigger. */
export const materializeJobId = (listId: string) => `${PREFIX}${listId}`;

export interface MaterializeJobPorts {
  jobs: JobStore;
  /** Puts a `{jobId}` message on the worker queue. */
  enqueue(jobId: string): Promise<void>;
  materializer: Pick<RuleListMaterializer, 'plan' | 'apply'>;
  now: () => Date;
}

/** The receipt of one job run: its passes summed (a full pass makes it `full`), the size after the last. */
function receiptOf(passes: readonly MaterializeReceipt[]): Receipt | undefined {
  const last = passes.at(-1);
  if (!last) return undefined;
  const sum = (field: 'evaluated' | 'added' | 'removed') =>
    passes.reduce((total, pass) => total + pass[field], 0);
  const result = {
    mode: passes.some((pass) => pass.mode === 'full') ? ('full' as const) : ('incremental' as const),
    evaluated: sum('evaluated'),
    added: sum('added'),
    removed: sum('removed'),
    size: last.size,
  };
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
 * The `materialize:<listId>` job: `request` queues it (once while it waits; again while it runs),
 * `run` claims it, then plans and applies until a plan finds nothing changed, so a change
 * committed during a pass is applied by the same run, and a message that finds the rule list
 * busy with another run can be dropped (that run re-plans before it ends). A run that finds
 * nothing changed keeps the last receipt.
 *
 * @example
 * await jobs.request('rule.engaged', 'commit:aam.4321');
 * await jobs.run('materialize:rule.engaged');
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

  async run(jobId: string): Promise<'done'> {
    const { jobs, materializer } = this.ports;
    const listId = jobId.slice(PREFIX.length);
    const job = await jobs.get(jobId);
    if (!job) return 'done';
    // Claimed before planning: a change committed from here on queues a message of its own.
    const claimed = await jobs.transition(jobId, [job.status], {
      status: 'running',
      attempts: job.attempts + 1,
    });
    // Another message changed the job first: its run plans after this change anyway.
    if (!claimed) return 'done';
    const started = Date.now();
    const passes: MaterializeReceipt[] = [];
    try {
      let plan = await materializer.plan(listId);
      while (plan.mode !== 'unchanged' && Date.now() - started < MAX_RUN_MS) {
        passes.push(await materializer.apply(plan, `${jobId}:${randomUUID()}`));
        plan = await materializer.plan(listId);
      }
      const receipt = receiptOf(passes);
      await this.finish(claimed, { status: 'succeeded', ...(receipt ? { receipt } : {}) });
      if (receipt) logger.info('rule list materialised', { ...receipt });
      if (plan.mode !== 'unchanged') await this.request(listId, 'continue', { always: true });
      return 'done';
    } catch (error) {
      // Another run holds the rule list: it re-plans before it ends, so this message has nothing left to do.
      if (error instanceof ConflictError) return 'done';
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
