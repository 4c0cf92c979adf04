import type { AesKey, DataSource } from '../datasources/types.ts';
import type { ListReader } from '../lists/types.ts';
import type { Recipient } from '../recipients/types.ts';

/**
 * What an export reads from the other areas: the list store, the data sources (with their AES
 * keys, current first) and the recipients. A narrow interface, so the export core can be tested
 * against in-memory identity data in front of the real list store.
 */
export interface ExportSources {
  lists: Pick<ListReader, 'get' | 'shardCount' | 'scanShard'>;
  dataSources: {
    get(name: string): Promise<DataSource | undefined>;
    keys(name: string): Promise<AesKey[]>;
  };
  recipients: { getMany(ids: readonly string[]): Promise<Map<string, Recipient>> };
}
