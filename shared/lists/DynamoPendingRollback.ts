import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import pLimit from 'p-limit';
import { queryPages } from '../stores/index.ts';
import { type MemberItem, shardPk } from './memberItems.ts';
import { SHARD_COUNT } from './shardOf.ts';

/** Single-item requests in flight at once (this path is rare: a write given up or taken over). */
const CONCURRENCY = 16;

/** The conditional undo of one item of version `p`, or undefined when `p` did not touch it. */
function undoOf(
  ddb: DynamoDBDocumentClient,
  table: string,
  item: MemberItem,
  p: number,
): (() => Promise<unknown>) | undefined {
  const common = {
    TableName: table,
    Key: { pk: item.pk, sk: item.sk },
    ExpressionAttributeValues: { ':p': p },
  };
  if (item.from === p) {
    const names = { '#from': 'from' };
    return () =>
      ddb.send(
        new DeleteCommand({ ...common, ConditionExpression: '#from = :p', ExpressionAttributeNames: names }),
      );
  }
  if (item.until === p) {
    const update = { UpdateExpression: 'REMOVE #until, ep, pa', ConditionExpression: '#until = :p' };
    return () =>
      ddb.send(new UpdateCommand({ ...common, ...update, ExpressionAttributeNames: { '#until': 'until' } }));
  }
  return undefined;
}

/** 1 when the undo applied, 0 when the item no longer carries the version (the next holder wrote it: it stays). */
async function applied(undo: () => Promise<unknown>): Promise<number> {
  try {
    await undo();
    return 1;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 0;
    throw error;
  }
}

/**
 * Undoes the writes of an abandoned pending version `p`: items it added are deleted, removals it
 * marked are cleared. Each request is conditional on the item still carrying `p` (the next holder
 * may be writing the list meanwhile), so it never touches another session's item. Garbage
 * collection only: `p` is in the list's `abandoned` set, so readers ignore its items anyway.
 * Scans the list, so it only runs on that rare path.
 */
export async function rollbackPending(
  ddb: DynamoDBDocumentClient,
  table: string,
  listId: string,
  pending: number,
): Promise<number> {
  const limit = pLimit(CONCURRENCY);
  let undone = 0;
  for (let shard = 0; shard < SHARD_COUNT; shard++) {
    const pages = queryPages<MemberItem>(ddb, {
      TableName: table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': shardPk(listId, shard) },
    });
    for await (const items of pages) {
      const undos = items
        .map((item) => undoOf(ddb, table, item, pending))
        .filter((undo) => undo !== undefined);
      for (const done of await Promise.all(undos.map((undo) => limit(() => applied(undo))))) undone += done;
    }
  }
  return undone;
}
