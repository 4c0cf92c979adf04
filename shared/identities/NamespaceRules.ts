import type { AesKey, DataSource } from '../datasources/index.ts';

/**
 * What a namespace of an `IdRef` stands for, looked up once (`IdResolver.rulesFor`) and then applied
 * to any number of its values without I/O (`IdResolver.resolveWith`): the namespace IDs are stored
 * under (`dpid:<n>` mapped to its data source), the declared data source if any, and for an
 * encrypted source its AES keys (current first).
 */
export interface NamespaceRules {
  namespace: string;
  source?: DataSource;
  keys: AesKey[];
  /**
   * Other namespaces the source's IDs may have been stored under before it held its DPID:
   * `dpid:<n>` (synced before any source had it) and the names of sources that held it before.
   */
  aliases?: string[];
}
