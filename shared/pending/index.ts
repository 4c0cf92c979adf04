export { DynamoPendingStore } from './DynamoPendingStore.ts';
export type { PendingMembership, PendingStore } from './PendingStore.ts';
export { type Match, Rematcher, type RematcherPorts } from './Rematcher.ts';
