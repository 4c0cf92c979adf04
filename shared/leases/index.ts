export { DynamoLeaseStore } from './DynamoLeaseStore.ts';
export type { Acquired, Lease, LeaseStore } from './LeaseStore.ts';
