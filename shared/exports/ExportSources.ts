import type { AesKey, DataSource } from '../datasources/types.ts';
import type { ListReader } from '../lists/types.ts';
import type { Recipient } from '../recipients/types.ts';
import type { Runtime } from '../runtime/index.ts';

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

/**
 * The export sources of a runtime: the list store (`runtime.lists`) and the identity services
 * (`runtime.identity`), unless a test installed `exportSources` on the runtime.
 */
export function exportSourcesOf(runtime: Runtime): ExportSources {
  const override = (runtime as Runtime & { exportSources?: ExportSources }).exportSources;
  if (override) return override;
  return {
    lists: runtime.lists,
    dataSources: runtime.identity.dataSources,
    recipients: runtime.identity.recipients,
  };
}
