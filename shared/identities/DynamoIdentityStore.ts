import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { IdRef } from '../identifiers/index.ts';
import type { Recipient } from '../recipients/types.ts';
import { batchGet, batchWrite, DEFAULT_RETRY, type RetryPolicy, type WriteRequest } from '../stores/index.ts';
import type { IdentityChanges, IdentityStore } from './IdentityStore.ts';
import type { IdItem } from './IdItem.ts';
import { refKey } from './refKey.ts';

const recipientKey = (id: string) => ({ pk: `R#${id}`, sk: 'R' });

/**
 * IDs (`ID#<namespace>#<value>` / `ID`) and recipients (`R#<recipientId>` / `R`) in the single
 * table, read with BatchGetItem and written with BatchWriteItem only (never one request per ID).
 * Keys are deduplicated: a batch may not name one key twice.
 */
export class DynamoIdentityStore implements IdentityStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {}

  getIds(refs: readonly IdRef[]): Promise<Map<string, IdItem>> {
    return this.getIdsByKey(refs.map(refKey));
  }

  async getIdsByKey(refKeys: readonly string[]): Promise<Map<string, IdItem>> {
    const keys = [...new Set(refKeys)].map((pk) => ({ pk, sk: 'ID' }));
    const found = new Map<string, IdItem>();
    for (const raw of await batchGet(this.ddb, this.table, keys, this.retry)) {
      const item: IdItem = {
        namespace: String(raw.namespace),
        value: String(raw.value),
        linked: (raw.linked as IdRef[] | undefined) ?? [],
      };
      if (typeof raw.recipientId === 'string') item.recipientId = raw.recipientId;
      found.set(String(raw.pk), item);
    }
    return found;
  }

  async getRecipients(recipientIds: readonly string[]): Promise<Map<string, Recipient>> {
    const keys = [...new Set(recipientIds)].map(recipientKey);
    const found = new Map<string, Recipient>();
    for (const raw of await batchGet(this.ddb, this.table, keys, this.retry)) {
      const recipient = raw.recipient as Recipient;
      found.set(recipient.recipientId, recipient);
    }
    return found;
  }

  async write(changes: IdentityChanges): Promise<void> {
    const requests = new Map<string, WriteRequest>();
    for (const ref of changes.deleteIds ?? []) {
      requests.set(refKey(ref), { DeleteRequest: { Key: { pk: refKey(ref), sk: 'ID' } } });
    }
    for (const item of changes.putIds ?? []) {
      const pk = refKey(item);
      requests.set(pk, {
        PutRequest: {
          Item: {
            pk,
            sk: 'ID',
            namespace: item.namespace,
            value: item.value,
            recipientId: item.recipientId,
            linked: item.linked,
          },
        },
      });
    }
    for (const id of changes.deleteRecipients ?? []) {
      requests.set(`R#${id}`, { DeleteRequest: { Key: recipientKey(id) } });
    }
    for (const recipient of changes.putRecipients ?? []) {
      requests.set(`R#${recipient.recipientId}`, {
        PutRequest: { Item: { ...recipientKey(recipient.recipientId), recipient } },
      });
    }
    await batchWrite(this.ddb, this.table, [...requests.values()], this.retry);
  }
}
