import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import pLimit from 'p-limit';
import { queryPages } from '../stores/index.ts';
import { type MemberItem, shardPk } from './memberItems.ts';
import { SHARD_COUNT } from './shardOf.ts';
import { type Abandoned, changeClass } from './visibility.ts';

/**
 * The members a pending version adds and removes, counted from the store: every item of the
 * list's shards classed at `p` against `v` (strongly consistent Queries, billed by bytes read:
 * ~15,000 read units per million members). What a session shared by several writers (the ranges
 * of one drop) counts exactly, where their own counts could each count a member they both touched.
 */
export async function countChanges(deps: {
  ddb: DynamoDBDocumentClient;
  table: string;
  listId: string;
  version: number;
  pendingVersion: number;
  abandoned: Abandoned;
  concurrency: number;
}): Promise<{ added: number; removed: number }> {
  const { ddb, table, listId, version, pendingVersion, abandoned } = deps;
  const limit = pLimit(deps.concurrency);
  const counts = { added: 0, removed: 0 };
  await Promise.all(
    Array.from({ length: SHARD_COUNT }, (_, shard) =>
      limit(async () => {
        const pages = queryPages<MemberItem>(ddb, {
          TableName: table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': shardPk(listId, shard) },
          ConsistentRead: true,
        });
        for await (const items of pages) {
          for (const item of items) {
            const change = changeClass(item, version, pendingVersion, abandoned);
            if (change === 'A') counts.added += 1;
            else if (change === 'R') counts.removed += 1;
          }
        }
      }),
    ),
  );
  return counts;
}
