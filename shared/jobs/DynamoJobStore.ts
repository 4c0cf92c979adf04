import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../errors/index.ts';
import { queryAll } from '../stores/queryPages.ts';
import { TABLE_KEYS } from '../stores/tableDefinition.ts';
import type { Job, JobStatus, JobType } from './Job.ts';
import type { JobStore } from './JobStore.ts';
import { parseStoredJob } from './storedJob.ts';

const JOB_TYPES: readonly JobType[] = ['ingest', 'export', 'materialize', 'deliver', 'rematch'];

const keyOf = (jobId: string) => ({ pk: `JOB#${jobId}`, sk: 'JOB' });

const jobOfItem = (item: Record<string, unknown>): Job => parseStoredJob(item.job, String(item.pk).slice(4));

function toItem(job: Job): Record<string, unknown> {
  return {
    ...keyOf(job.jobId),
    [TABLE_KEYS.gsi1.partitionKey]: `JOBS#${job.type}`,
    [TABLE_KEYS.gsi1.sortKey]: `${job.createdAt}#${job.jobId}`,
    job,
  };
}

/**
 * A cursor from a previous page of `JOBS#<type>`: four string keys, the right partition. Anything
 * else is a 400 naming `cursor` (never a 500, never a start key into another partition).
 */
function decodeCursor(cursor: string, type: JobType): Record<string, string> {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as Record<string, unknown>;
    const names = ['pk', 'sk', TABLE_KEYS.gsi1.partitionKey, TABLE_KEYS.gsi1.sortKey];
    const valid =
      key !== null &&
      typeof key === 'object' &&
      Object.keys(key).length === names.length &&
      names.every((name) => typeof key[name] === 'string') &&
      key[TABLE_KEYS.gsi1.partitionKey] === `JOBS#${type}`;
    if (valid) return key as Record<string, string>;
  } catch {
    // falls through to the error below
  }
  throw new ValidationError('cursor: expected a cursor returned by a previous page', { field: 'cursor' });
}

/**
 * Jobs in the single table: `JOB#<jobId>` / `JOB`, listed newest first through GSI1
 * (`JOBS#<type>`, `<createdAt>#<jobId>`).
 *
 * @example
 * const jobs = new DynamoJobStore(ddb, 'audience-bridge');
 * await jobs.transition('ingest:inbound/a.sync', ['queued'], { status: 'running' });
 */
export class DynamoJobStore implements JobStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(jobId: string): Promise<Job | undefined> {
    const out = await this.ddb.send(
      new GetCommand({ TableName: this.table, Key: keyOf(jobId), ConsistentRead: true }),
    );
    return out.Item ? parseStoredJob(out.Item.job, jobId) : undefined;
  }

  async put(job: Job): Promise<void> {
    await this.ddb.send(new PutCommand({ TableName: this.table, Item: toItem(job) }));
  }

  async list(options: {
    type?: JobType;
    limit: number;
    cursor?: string;
  }): Promise<{ jobs: Job[]; cursor?: string }> {
    if (!options.type) {
      // Both types, merged newest first; paging is offered per type only.
      const pages = await Promise.all(JOB_TYPES.map((type) => this.list({ type, limit: options.limit })));
      const jobs = pages
        .flatMap((page) => page.jobs)
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
        .slice(0, options.limit);
      return { jobs };
    }
    const out = await this.ddb.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: TABLE_KEYS.gsi1.name,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': TABLE_KEYS.gsi1.partitionKey },
        ExpressionAttributeValues: { ':pk': `JOBS#${options.type}` },
        ScanIndexForward: false,
        Limit: options.limit,
        ExclusiveStartKey: options.cursor ? decodeCursor(options.cursor, options.type) : undefined,
      }),
    );
    const jobs = (out.Items ?? []).map(jobOfItem);
    const cursor = out.LastEvaluatedKey
      ? Buffer.from(JSON.stringify(out.LastEvaluatedKey)).toString('base64url')
      : undefined;
    return cursor ? { jobs, cursor } : { jobs };
  }

  async listUnfinished(): Promise<Job[]> {
    const unfinished: Job[] = [];
    for (const type of JOB_TYPES) {
      const items = await queryAll(this.ddb, {
        TableName: this.table,
        IndexName: TABLE_KEYS.gsi1.name,
        KeyConditionExpression: '#pk = :pk',
        FilterExpression: '#job.#status IN (:queued, :running)',
        ExpressionAttributeNames: { '#pk': TABLE_KEYS.gsi1.partitionKey, '#job': 'job', '#status': 'status' },
        ExpressionAttributeValues: { ':pk': `JOBS#${type}`, ':queued': 'queued', ':running': 'running' },
      });
      unfinished.push(...items.map(jobOfItem));
    }
    return unfinished.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async transition(
    jobId: string,
    from: readonly JobStatus[],
    changes: Partial<Job> & { status: JobStatus },
  ): Promise<Job | undefined> {
    const current = await this.get(jobId);
    if (!current || !from.includes(current.status)) return undefined;
    const next: Job = { ...current, ...changes, updatedAt: changes.updatedAt ?? new Date().toISOString() };
    try {
      // Optimistic: only if nobody changed the record since we read it.
      await this.ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: toItem(next),
          ConditionExpression: '#job.#updatedAt = :seen',
          ExpressionAttributeNames: { '#job': 'job', '#updatedAt': 'updatedAt' },
          ExpressionAttributeValues: { ':seen': current.updatedAt },
        }),
      );
      // The conditional put wrote exactly `next`, so it is the stored record: no read back needed.
      return next;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }
}
