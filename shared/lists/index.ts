export { DynamoListStore, type DynamoListStoreOptions } from './DynamoListStore.ts';
export { DynamoListWrite } from './DynamoListWrite.ts';
export type { ListStore, ListWrite, ListWriteState, MemberOp, NewList, StoredList } from './ListStore.ts';
export { memberKey } from './memberKey.ts';
export { publicMeta } from './publicMeta.ts';
export { SHARD_COUNT, shardOf } from './shardOf.ts';
export type { ListMeta, ListReader, Member } from './types.ts';
export { changeClass, isVisible } from './visibility.ts';
