export type { BatchCall, BatchClient, BatchOutput } from './BatchClient.ts';
export {
  BATCH_GET_LIMIT,
  BATCH_WRITE_LIMIT,
  backoff,
  batchClientOf,
  batchGet,
  batchWrite,
  DEFAULT_RETRY,
  type RetryPolicy,
  useBatchClient,
  type WriteRequest,
} from './batch.ts';
export { createTable } from './createTable.ts';
export { attributeBytes, itemSize, MAX_ITEM_BYTES, oversize } from './itemSize.ts';
export { checkItemSizes, guardItemSize } from './itemSizeGuard.ts';
export { parseStored } from './parseStored.ts';
export { PERSONAL_DATA_TAG, PERSONAL_DATA_TAGGING } from './personalDataTag.ts';
export { queryAll, queryPages } from './queryPages.ts';
export { isMissingObject } from './s3Errors.ts';
export { TABLE_KEYS } from './tableDefinition.ts';
