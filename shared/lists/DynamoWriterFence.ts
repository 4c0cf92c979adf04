import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { StoredList } from './ListStore.ts';
import { listRecordKey } from './listRecord.ts';

/**
 * Fencing of list writers on the list's meta item (docs/reliability.md, "Fencing list writers").
 * A write session's pending version is the next value of the counter `seq`, claimed together with
 * `writer = p` by the lease holder; the commit (in `DynamoListWrite`) and `abandon` are conditional
 * on `writer = p`, so a writer that lost its lease can neither commit nor mark the next holder's
 * version.
 *
 * @example
 * const fence = new DynamoWriterFence(ddb, table);
 * const p = await fence.claim(await lists.getStored('aam.42')); // undefined: read again, retry
 */
export class DynamoWriterFence {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /**
   * Claims the next pending version for the lease holder; a version still claimed by a previous
   * writer (who lost the lease) is marked abandoned in the same update. Undefined when the item
   * changed since `list` was read (that writer just ended): read again and retry.
   */
  async claim(list: StoredList): Promise<number | undefined> {
    const pending = list.lastPending + 1;
    const previous = list.writer;
    const taken = previous !== undefined;
    try {
      await this.ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: listRecordKey(list.listId),
          UpdateExpression: `SET seq = :p, writer = :p${taken ? ' ADD abandoned :old' : ''}`,
          ConditionExpression: `(attribute_not_exists(seq) OR seq = :last) AND ${taken ? 'writer = :w' : 'attribute_not_exists(writer)'}`,
          ExpressionAttributeValues: {
            ':p': pending,
            ':last': list.lastPending,
            ...(taken ? { ':w': previous, ':old': new Set([previous]) } : {}),
          },
        }),
      );
      return pending;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  /**
   * Ends a session without committing: its version joins `abandoned` (its items are ignored from
   * then on) and the list has no writer. A no-op when another holder already took the list over
   * (that claim marked the version abandoned).
   */
  async abandon(listId: string, pending: number): Promise<void> {
    try {
      await this.ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: listRecordKey(listId),
          UpdateExpression: 'REMOVE writer ADD abandoned :ps',
          ConditionExpression: 'writer = :p',
          ExpressionAttributeValues: { ':p': pending, ':ps': new Set([pending]) },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
