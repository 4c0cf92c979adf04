export type { DataSourceStore } from './DataSourceStore.ts';
export { DynamoDataSourceStore } from './DynamoDataSourceStore.ts';
export {
  type DataSourceInput,
  dataSourceInputSchema,
  dataSourceNameParams,
  dataSourceNameSchema,
} from './schemas.ts';
export type { AesKey, DataSource, DataSourceChannel, DataSourceEncoding, DataSourceKind } from './types.ts';
