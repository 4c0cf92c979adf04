import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet } from '../stores/index.ts';
import { listRecordKey, toStored } from './listRecord.ts';
import type { MemberLookup } from './MemberLookup.ts';
import { type MemberItem, memberItemKey } from './memberItems.ts';
import { isVisible } from './visibility.ts';

/**
 * `MemberLookup` on the member items: one BatchGetItem key per member (100 per request), so a
 * rule list re-evaluating its changed members reads each of them once per input list, plus the
 * list's item once per call (its abandoned versions: they only grow, and every one below a
 * committed version was marked before that version was committed).
 *
 * @example
 * const held = await new DynamoMemberLookup(ddb, table).membersAmong('aam.4321', 12, ['r-1', 'r-2']);
 */
export class DynamoMemberLookup implements MemberLookup {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async membersAmong(listId: string, version: number, keys: readonly string[]): Promise<Set<string>> {
    const [record, items] = await Promise.all([
      this.ddb.send(
        new GetCommand({ TableName: this.table, Key: listRecordKey(listId), ConsistentRead: true }),
      ),
      batchGet(
        this.ddb,
        this.table,
        keys.map((key) => memberItemKey(listId, key)),
      ),
    ]);
    const abandoned = record.Item ? toStored(record.Item).abandoned : new Set<number>();
    const held = new Set<string>();
    for (const raw of items) {
      const item = raw as unknown as MemberItem;
      if (isVisible(item, version, abandoned)) held.add(item.sk);
    }
    return held;
  }
}
