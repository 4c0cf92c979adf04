import * as z from 'zod';
import { fromZodError } from '../errors/index.ts';

const optionalUrl = z.url().optional();

/** Environment of every handler and command; validated once, at the edge. */
export const configSchema = z.object({
  AB_TABLE: z.string().min(3).default('audience-bridge'),
  AB_BUCKET: z.string().min(3).default('audience-bridge'),
  AWS_REGION: z.string().default('us-east-1'),
  /** Set by the local stack: S3 and DynamoDB are the embedded emulators. */
  AB_S3_ENDPOINT: optionalUrl,
  AB_DYNAMODB_ENDPOINT: optionalUrl,
  /** KMS key for data-source secrets in AWS; when unset a local key under AB_HOME is used. */
  AB_KMS_KEY_ID: z.string().optional(),
  AB_HOME: z.string().default('.audience-bridge'),
  /** SQS queues of the workers (AWS only; the local stack dispatches in-process). */
  AB_INGEST_QUEUE_URL: z.string().optional(),
  AB_EXPORT_QUEUE_URL: z.string().optional(),
  /**
   * Partner roles a destination may name (comma-separated ARNs), the very ones the stack lets the
   * export function assume; unset (the local stack): any role.
   */
  AB_DESTINATION_ROLE_ARNS: z
    .string()
    .optional()
    .transform((v) =>
      v === undefined
        ? undefined
        : v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
    ),
  AB_JWT_ISSUER: z.string().default('audience-bridge-local'),
  AB_JWT_AUDIENCE: z.string().default('audience-bridge'),
  /** Largest accepted HTTP body, bytes (API Gateway's own limit is 10 MB). */
  AB_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(6 * 1024 * 1024),
  /** Days a `rejected/` object is kept; the bucket's lifecycle rule uses the same value in AWS. */
  AB_REJECTED_TTL_DAYS: z.coerce.number().int().positive().default(30),
  /** Days an audit record is kept (its TTL attribute in AWS; the schedule's sweep locally). */
  AB_AUDIT_RETENTION_DAYS: z.coerce.number().int().positive().default(400),
  /**
   * Days a list change-log item (member keys a version changed, read by rule lists) is kept. At
   * least 15: a write session can resume from the dead-letter queue for 14 days, and its log must
   * outlive it (docs/rules.md, "How long the change log is kept").
   */
  AB_CHANGE_LOG_RETENTION_DAYS: z.coerce.number().int().min(15).default(30),
  /**
   * Lines reconciled and written together: bigger batches mean fuller, more parallel DynamoDB
   * requests per round trip, at the cost of memory (two batches are alive at once; a batch is
   * also cut at 20,000 segment changes, whatever this says).
   */
  AB_INGEST_BATCH_LINES: z.coerce.number().int().min(1).max(10_000).default(2_000),
  /** Largest drop once decompressed, bytes (20 GB): a gzip bomb fails its job instead of tying up ingest. */
  AB_MAX_DROP_BYTES: z.coerce.number().int().positive().default(20_000_000_000),
  /** A plain drop larger than this (bytes, 64 MiB) is cut into byte ranges, each applied by its own invocation. */
  AB_INGEST_RANGE_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(64 * 1024 * 1024),
  /** Most distinct segments (lists) one drop may name (10,000): unique `k=v` traits cannot mint millions of lists. */
  AB_MAX_DROP_SEGMENTS: z.coerce.number().int().positive().default(10_000),
  /** Lines between ingest checkpoints. */
  AB_CHECKPOINT_LINES: z.coerce.number().int().positive().default(50_000),
  /** Milliseconds an ingest may run in one invocation before it checkpoints and hands over. */
  AB_TIME_BUDGET_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(12 * 60 * 1000),
  /** Tests only: a folder where every AWS call a function sends is recorded (tests/deployed/ checks them against IAM). */
  AB_RECORD_AWS_CALLS: z.string().optional(),
  LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT', 'CRITICAL']).default('INFO'),
});

export type Config = {
  table: string;
  bucket: string;
  region: string;
  s3Endpoint: string | undefined;
  dynamodbEndpoint: string | undefined;
  kmsKeyId: string | undefined;
  home: string;
  ingestQueueUrl: string | undefined;
  exportQueueUrl: string | undefined;
  destinationRoleArns: string[] | undefined;
  jwtIssuer: string;
  jwtAudience: string;
  maxBodyBytes: number;
  rejectedTtlDays: number;
  auditRetentionDays: number;
  changeLogRetentionDays: number;
  ingestBatchLines: number;
  maxDropBytes: number;
  /** A plain drop larger than this is cut into byte ranges, each its own invocation (docs/ingest.md). */
  ingestRangeBytes: number;
  maxDropSegments: number;
  checkpointLines: number;
  timeBudgetMs: number;
  logLevel: string;
  recordCallsDir: string | undefined;
};

/**
 * Reads and validates the configuration from an environment.
 *
 * @example
 * const config = loadConfig({ AB_TABLE: 'ab-test', AB_BUCKET: 'ab-test' });
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) throw fromZodError(parsed.error, 'env');
  const e = parsed.data;
  return {
    table: e.AB_TABLE,
    bucket: e.AB_BUCKET,
    region: e.AWS_REGION,
    s3Endpoint: e.AB_S3_ENDPOINT,
    dynamodbEndpoint: e.AB_DYNAMODB_ENDPOINT,
    kmsKeyId: e.AB_KMS_KEY_ID,
    home: e.AB_HOME,
    ingestQueueUrl: e.AB_INGEST_QUEUE_URL,
    exportQueueUrl: e.AB_EXPORT_QUEUE_URL,
    destinationRoleArns: e.AB_DESTINATION_ROLE_ARNS,
    jwtIssuer: e.AB_JWT_ISSUER,
    jwtAudience: e.AB_JWT_AUDIENCE,
    maxBodyBytes: e.AB_MAX_BODY_BYTES,
    rejectedTtlDays: e.AB_REJECTED_TTL_DAYS,
    auditRetentionDays: e.AB_AUDIT_RETENTION_DAYS,
    changeLogRetentionDays: e.AB_CHANGE_LOG_RETENTION_DAYS,
    ingestBatchLines: e.AB_INGEST_BATCH_LINES,
    maxDropBytes: e.AB_MAX_DROP_BYTES,
    ingestRangeBytes: e.AB_INGEST_RANGE_BYTES,
    maxDropSegments: e.AB_MAX_DROP_SEGMENTS,
    checkpointLines: e.AB_CHECKPOINT_LINES,
    timeBudgetMs: e.AB_TIME_BUDGET_MS,
    logLevel: e.LOG_LEVEL,
    recordCallsDir: e.AB_RECORD_AWS_CALLS,
  };
}
