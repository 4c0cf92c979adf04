import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchGet } from '../stores/index.ts';
import type { MemberLookup } from './MemberLookup.ts';
import { type MemberItem, memberItemKey } from './memberItems.ts';
import { isVisible } from './visibility.ts';

/**
 * `MemberLookup` on the member items: one BatchGetItem key per member (100 per request), so a
 * rule list re-evaluating its changed members reads each of them once per input list.
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
    const items = await batchGet(
      this.ddb,
      this.table,
      keys.map((key) => memberItemKey(listId, key)),
    );
    const held = new Set<string>();
    for (const raw of items) {
      const item = raw as unknown as MemberItem;
      if (isVisible(item, version)) held.add(item.sk);
    }
    return held;
  }
}
