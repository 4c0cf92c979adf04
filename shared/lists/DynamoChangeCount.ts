import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import pLimit from 'p-limit';
import { batchClientOf } from '../stores/index.ts';
import { shardPk } from './memberItems.ts';
import { SHARD_COUNT } from './shardOf.ts';

/**
 * Class A at `p` (visible at `p`, not at `v`): added by the session (a put `{from: p}`; an item
 * removed then added back by it keeps its older `from` and is visible at both). Class R (visible
 * at `v`, not at `p`): marked `until = p` by the session, and not one it added itself (from `p`
 * and until `p`: never visible). See `visibility.ts`.
 */
const FILTERS = {
  added: '#f = :p AND attribute_not_exists(#u)',
  removed: '#u = :p AND #f <> :p',
} as const;

/**
 * The members a pending version adds and removes, counted by DynamoDB: per shard, a strongly
 * consistent Query with `Select: COUNT` per class (billed by the bytes it reads, ~15,000 read
 * units per million members per class; no item comes back, so the requests go through the light
 * client of the batch calls: the SDK client's per-request CPU was most of their cost).
 * What a session several writers shared (the ranges of one drop) counts exactly, where their own
 * counts could each count a member they both touched. A class not in `classes` (no writer was
 * asked for it: no item can be in it) is zero without a query.
 */
export async function countChanges(deps: {
  ddb: DynamoDBDocumentClient;
  table: string;
  listId: string;
  pendingVersion: number;
  concurrency: number;
  classes: { added: boolean; removed: boolean };
}): Promise<{ added: number; removed: number }> {
  const limit = pLimit(deps.concurrency);
  const counts = { added: 0, removed: 0 };
  const tasks = Array.from({ length: SHARD_COUNT }, (_, shard) =>
    (['added', 'removed'] as const)
      .filter((change) => deps.classes[change])
      .map((change) =>
        limit(async () => {
          // Read after the await: `counts[change] += await …` would add to a stale total.
          const counted = await countShard(deps, shardPk(deps.listId, shard), FILTERS[change]);
          counts[change] += counted;
        }),
      ),
  );
  await Promise.all(tasks.flat());
  return counts;
}

async function countShard(
  deps: { ddb: DynamoDBDocumentClient; table: string; pendingVersion: number },
  pk: string,
  filter: string,
): Promise<number> {
  let count = 0;
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const out = await batchClientOf(deps.ddb).send({
      operation: 'Query',
      input: {
        TableName: deps.table,
        KeyConditionExpression: 'pk = :pk',
        FilterExpression: filter,
        ExpressionAttributeNames: { '#f': 'from', '#u': 'until' },
        // DynamoDB's JSON, as the document client would have marshalled them.
        ExpressionAttributeValues: { ':pk': { S: pk }, ':p': { N: String(deps.pendingVersion) } },
        Select: 'COUNT',
        ConsistentRead: true,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      },
    });
    count += out.Count ?? 0;
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return count;
}
