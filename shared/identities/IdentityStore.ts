import type { IdRef } from '../identifiers/index.ts';
import type { Recipient } from '../recipients/types.ts';
import type { IdItem } from './IdItem.ts';

/** Changes written together (BatchWriteItem; no transactions on dynalite, so not atomic). */
export interface IdentityChanges {
  putIds?: Iterable<IdItem>;
  deleteIds?: Iterable<IdRef>;
  putRecipients?: Iterable<Recipient>;
  deleteRecipients?: Iterable<string>;
}

/** Storage of ID items and recipients: batched reads and writes only. */
export interface IdentityStore {
  /** ID items found, keyed by `refKey`. */
  getIds(refs: readonly IdRef[]): Promise<Map<string, IdItem>>;
  /** ID items by their `refKey`s (each read once), keyed by `refKey`. */
  getIdsByKey(keys: readonly string[]): Promise<Map<string, IdItem>>;
  getRecipients(recipientIds: readonly string[]): Promise<Map<string, Recipient>>;
  write(changes: IdentityChanges): Promise<void>;
}
