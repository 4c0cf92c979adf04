import type { AesKey, DataSource } from '../datasources/types.ts';
import { DependencyError } from '../errors/index.ts';
import type { ListReader } from '../lists/types.ts';
import type { Recipient } from '../recipients/types.ts';
import type { Runtime } from '../runtime/index.ts';

/**
 * What an export reads from the other areas: the list store, the data sources (with their AES
 * keys, current first) and the recipients. Kept as a narrow interface so the export core can be
 * tested against any implementation.
 */
export interface ExportSources {
  lists: Pick<ListReader, 'get' | 'shardCount' | 'scanShard'>;
  dataSources: {
    get(name: string): Promise<DataSource | undefined>;
    keys(name: string): Promise<AesKey[]>;
  };
  recipients: { getMany(ids: readonly string[]): Promise<Map<string, Recipient>> };
}

type MaybeWired = Runtime & {
  lists?: ExportSources['lists'];
  identity?: Pick<ExportSources, 'dataSources' | 'recipients'>;
  exportSources?: ExportSources;
};

/**
 * The export sources of a runtime: `runtime.exportSources` when a test installed one, else the
 * list store (`runtime.lists`) and the identity services (`runtime.identity`).
 */
export function exportSourcesOf(runtime: Runtime): ExportSources {
  const rt = runtime as MaybeWired;
  if (rt.exportSources) return rt.exportSources;
  if (!rt.lists || !rt.identity) {
    throw new DependencyError('export needs runtime.lists and runtime.identity, which are not wired');
  }
  return { lists: rt.lists, dataSources: rt.identity.dataSources, recipients: rt.identity.recipients };
}
