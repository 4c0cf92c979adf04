export { ApiCallAudit, statusOfError } from './ApiCallAudit.ts';
export type { AuditEntry, AuditRecordInput } from './AuditEntry.ts';
export { AuditedJobStore } from './AuditedJobStore.ts';
export type { AuditPage, AuditStore } from './AuditStore.ts';
export { hashedTarget } from './auditTarget.ts';
export { DynamoAuditRetention } from './DynamoAuditRetention.ts';
export { DynamoAuditStore } from './DynamoAuditStore.ts';
export { auditDateSchema, auditEntrySchema, auditQuerySchema } from './schemas.ts';
