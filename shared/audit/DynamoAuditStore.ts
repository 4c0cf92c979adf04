import { randomUUID } from 'node:crypto';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../errors/index.ts';
import { TABLE_KEYS } from '../stores/tableDefinition.ts';
import type { AuditEntry, AuditRecordInput } from './AuditEntry.ts';
import type { AuditPage, AuditStore } from './AuditStore.ts';
import { auditExpiry, auditPartition } from './auditItems.ts';

const partitionOf = auditPartition;

/** A sort key as this store writes it: ISO time, `#`, record ID. */
const SORT_KEY = /^\d{4}-\d{2}-\d{2}T[\d:.]+Z#[A-Za-z0-9-]{1,64}$/;

function decodeCursor(cursor: string): string {
  try {
    const sk = Buffer.from(cursor, 'base64url').toString('utf8');
    if (SORT_KEY.test(sk)) return sk;
  } catch {
    // falls through to the error below
  }
  throw new ValidationError('cursor: expected a cursor returned by a previous page', { field: 'cursor' });
}

/**
 * Audit records in the single table, one partition per UTC day: `pk = AUDIT#<yyyy-mm-dd>`,
 * `sk = <iso ts>#<id>`. A day partition is fine for the write rate (API writes and job events:
 * tens per second at most, far under one partition's 1,000 writes per second), makes "what
 * happened on that day" one Query, and keeps a day's records together for export or expiry.
 *
 * @example
 * const audit = new DynamoAuditStore(ddb, 'audience-bridge');
 * await audit.record({ actor: 'alice', action: 'POST /v1/lists', target: 'api.x', outcome: 201, at });
 * const { entries } = await audit.list({ date: '2026-11-26', limit: 50 });
 */
export class DynamoAuditStore implements AuditStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
    /** Days a record is kept: its `ttl` (DynamoDB TTL in AWS, `DynamoAuditRetention` locally). */
    private readonly retentionDays = 400,
  ) {}

  async record(input: AuditRecordInput): Promise<AuditEntry> {
    const entry: AuditEntry = { ...input, id: input.id ?? randomUUID() };
    await this.ddb.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          pk: partitionOf(entry.at.slice(0, 10)),
          sk: `${entry.at}#${entry.id}`,
          entry,
          [TABLE_KEYS.ttl]: auditExpiry(entry.at, this.retentionDays),
        },
      }),
    );
    return entry;
  }

  async list(options: { date: string; limit: number; cursor?: string }): Promise<AuditPage> {
    const pk = partitionOf(options.date);
    const out = await this.ddb.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ScanIndexForward: false,
        Limit: options.limit,
        ...(options.cursor ? { ExclusiveStartKey: { pk, sk: decodeCursor(options.cursor) } } : {}),
      }),
    );
    const entries = (out.Items ?? []).map((item) => item.entry as AuditEntry);
    const last = out.LastEvaluatedKey?.sk;
    return typeof last === 'string'
      ? { entries, cursor: Buffer.from(last, 'utf8').toString('base64url') }
      : { entries };
  }
}
