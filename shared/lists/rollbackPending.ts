import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchWrite, queryPages, type WriteRequest } from '../stores/index.ts';
import { type MemberItem, shardPk } from './memberItems.ts';
import { SHARD_COUNT } from './shardOf.ts';

/**
 * Undoes the uncommitted writes of an abandoned pending version `p` (a writer that crashed and
 * whose lease expired): items it added are deleted, removals it marked are cleared. Scans the
 * list, so it only runs on that rare path.
 */
export async function rollbackPending(
  ddb: DynamoDBDocumentClient,
  table: string,
  listId: string,
  pending: number,
): Promise<number> {
  let undone = 0;
  for (let shard = 0; shard < SHARD_COUNT; shard++) {
    const pages = queryPages<MemberItem>(ddb, {
      TableName: table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': shardPk(listId, shard) },
    });
    for await (const items of pages) {
      const requests: WriteRequest[] = [];
      for (const item of items) {
        if (item.from === pending) {
          requests.push({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } });
        } else if (item.until === pending) {
          const { until: _until, ep: _ep, pa: _pa, ...kept } = item;
          requests.push({ PutRequest: { Item: kept } });
        }
      }
      undone += requests.length;
      await batchWrite(ddb, table, requests);
    }
  }
  return undone;
}
