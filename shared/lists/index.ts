export { changeMembers, type KnownRecipients, type MemberChange } from './changeMembers.ts';
export { DynamoListChangeLog } from './DynamoListChangeLog.ts';
export { DynamoListStore, type DynamoListStoreOptions } from './DynamoListStore.ts';
export { DynamoListWrite } from './DynamoListWrite.ts';
export { DynamoMemberLookup } from './DynamoMemberLookup.ts';
export type { ListChangeLog } from './ListChangeLog.ts';
export type {
  HistoryPoint,
  ListStore,
  ListWrite,
  ListWriteState,
  MemberOp,
  NewList,
  StoredList,
} from './ListStore.ts';
export { MAX_HISTORY_POINTS } from './listRecord.ts';
export { RULE_SOURCE } from './listSources.ts';
export type { MemberLookup } from './MemberLookup.ts';
export { memberKey } from './memberKey.ts';
export { memberOfKey } from './memberOfKey.ts';
export { publicMeta } from './publicMeta.ts';
export { SHARD_COUNT, shardOf } from './shardOf.ts';
export type { ListMeta, ListReader, Member } from './types.ts';
export { changeClass, isVisible } from './visibility.ts';
