/**
 * The single DynamoDB table's key schema, shared by the CDK stack and the local stack so both
 * create exactly the same table. Item types and access patterns: docs/data-model.md.
 */
export const TABLE_KEYS = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** GSI1: listings (jobs by type and time). */
  gsi1: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  /** The TTL attribute (epoch seconds): DynamoDB deletes an item once it passed (audit records). */
  ttl: 'ttl',
} as const;
