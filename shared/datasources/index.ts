export type { DataSourceStore } from './DataSourceStore.ts';
export { DynamoDataSourceStore } from './DynamoDataSourceStore.ts';
export {
  type DataSourceInput,
  dataSourceInputSchema,
  dataSourceNameParams,
  dataSourceNameSchema,
} from './schemas.ts';
export {
  type AesKey,
  type DataSource,
  type DataSourceChannel,
  type DataSourceEncoding,
  type DataSourceKind,
  DEFAULT_GOVERNANCE,
  type Governance,
} from './types.ts';
