import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { parseStored } from '../stores/index.ts';
import type { Acquired, Lease, LeaseStore } from './LeaseStore.ts';

const keyOf = (resource: string) => ({ pk: `LEASE#${resource}`, sk: 'LEASE' });

/** A lease item as stored; `data` is the holder's own (absent on leases written before it existed). */
const storedLease = z.object({
  holder: z.string().min(1),
  expiresAt: z.number(),
  data: z.record(z.string(), z.unknown()).default({}),
});

function isConditionFailure(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException;
}

/**
 * Leases in the single table: `pk=LEASE#<resource>`, `sk=LEASE`, `{holder, expiresAt, data}`.
 * Every write is conditional (absent, expired, or ours), so two jobs never both hold one.
 *
 * @example
 * const leases = new DynamoLeaseStore(ddb, table, () => Date.now());
 * const got = await leases.acquire('list#aam.42', 'ingest:inbound/a.sync', 60_000);
 */
export class DynamoLeaseStore implements LeaseStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly nowMs: () => number = () => Date.now(),
  ) {}

  async acquire(
    resource: string,
    holder: string,
    ttlMs: number,
    data: Record<string, unknown> = {},
  ): Promise<Acquired | undefined> {
    const out = await this.ddb.send(
      new GetCommand({ TableName: this.table, Key: keyOf(resource), ConsistentRead: true }),
    );
    const previous: Lease | undefined = out.Item
      ? { resource, ...parseStored(storedLease, out.Item, `lease ${resource}`) }
      : undefined;
    const now = this.nowMs();
    if (previous && previous.holder !== holder && previous.expiresAt > now) return undefined;
    const lease: Lease = {
      resource,
      holder,
      expiresAt: now + ttlMs,
      data: previous?.holder === holder ? { ...previous.data, ...data } : data,
    };
    try {
      await this.ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...keyOf(resource), holder, expiresAt: lease.expiresAt, data: lease.data },
          // Exactly the lease we looked at is replaced: nobody slipped in between.
          ...(previous
            ? {
                ConditionExpression: 'holder = :h AND expiresAt = :e',
                ExpressionAttributeValues: { ':h': previous.holder, ':e': previous.expiresAt },
              }
            : { ConditionExpression: 'attribute_not_exists(pk)' }),
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
    if (!previous) return { lease };
    return previous.holder === holder ? { lease, resumed: previous } : { lease, takenOver: previous };
  }

  async renew(
    resource: string,
    holder: string,
    ttlMs: number,
    data?: Record<string, unknown>,
  ): Promise<boolean> {
    try {
      await this.ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keyOf(resource),
          UpdateExpression: data ? 'SET expiresAt = :e, #data = :d' : 'SET expiresAt = :e',
          ConditionExpression: 'holder = :h',
          ...(data ? { ExpressionAttributeNames: { '#data': 'data' } } : {}),
          ExpressionAttributeValues: {
            ':h': holder,
            ':e': this.nowMs() + ttlMs,
            ...(data ? { ':d': data } : {}),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async release(resource: string, holder: string): Promise<void> {
    try {
      await this.ddb.send(
        new DeleteCommand({
          TableName: this.table,
          Key: keyOf(resource),
          ConditionExpression: 'holder = :h',
          ExpressionAttributeValues: { ':h': holder },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
}
