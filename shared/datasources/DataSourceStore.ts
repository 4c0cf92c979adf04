import type { DataSourceInput } from './schemas.ts';
import type { AesKey, DataSource } from './types.ts';

/** Declared-ID and visitor data sources; key material is sealed at rest and never returned by reads. */
export interface DataSourceStore {
  get(name: string): Promise<DataSource | undefined>;
  /** The data source with this DPID, if any (DPIDs are unique across sources). */
  byDpid(dpid: number): Promise<DataSource | undefined>;
  list(): Promise<DataSource[]>;
  /** Creates or replaces; a new AES key keeps the previous one for decryption (rotation). */
  put(name: string, input: DataSourceInput): Promise<DataSource>;
  /** AES keys, current first then previous; empty when the source has none. */
  keys(name: string): Promise<AesKey[]>;
}
