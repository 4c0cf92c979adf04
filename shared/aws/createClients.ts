import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config/index.ts';
import { guardItemSize, useBatchClient } from '../stores/index.ts';
import { recordCalls } from './callRecorder.ts';
import { DynamoBatchClient } from './DynamoBatchClient.ts';

const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const WHEN_REQUIRED = {
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
} as const;

function s3Options(config: Config): S3ClientConfig {
  return {
    region: config.region,
    ...(config.s3Endpoint
      ? {
          endpoint: config.s3Endpoint,
          forcePathStyle: true,
          credentials: LOCAL_CREDENTIALS,
          ...WHEN_REQUIRED,
        }
      : {}),
  };
}

export interface AwsClients {
  s3: S3Client;
  /** Document client: plain JS values in and out, undefined attributes dropped. */
  ddb: DynamoDBDocumentClient;
}

/**
 * The one place S3 and DynamoDB clients are made (SQS and KMS: `createSqsClient`,
 * `createKmsClient`). With local endpoints (the local stack) it applies what s3rver needs:
 * path-style addressing, its fixed credentials, and checksums only when required (otherwise
 * streamed uploads reach s3rver corrupted). With `config.recordCallsDir` (tests) every call is
 * recorded for the IAM check of `tests/deployed/`. The document client's batch calls go through
 * their own `DynamoBatchClient` (`useBatchClient`), with the same endpoint, credentials and checks.
 *
 * @example
 * const { s3, ddb } = createClients(loadConfig());
 */
export function createClients(config: Config): AwsClients {
  const s3 = new S3Client(s3Options(config));
  const dynamodb = recordCalls(new DynamoDBClient(dynamoOptions(config)), config.recordCallsDir);
  guardItemSize(dynamodb);
  const ddb = DynamoDBDocumentClient.from(dynamodb, {
    marshallOptions: { removeUndefinedValues: true },
  });
  // The batch calls (most of ingest's requests) go through a lighter client of their own.
  useBatchClient(
    ddb,
    new DynamoBatchClient({
      region: config.region,
      ...(config.dynamodbEndpoint
        ? { endpoint: config.dynamodbEndpoint, credentials: LOCAL_CREDENTIALS }
        : {}),
      recordCallsDir: config.recordCallsDir,
    }),
  );
  recordCalls(s3, config.recordCallsDir);
  return { s3, ddb };
}

function dynamoOptions(config: Config): DynamoDBClientConfig {
  return {
    region: config.region,
    maxAttempts: 3,
    ...(config.dynamodbEndpoint ? { endpoint: config.dynamodbEndpoint, credentials: LOCAL_CREDENTIALS } : {}),
  };
}

/** The workers' queue client (AWS only: the local stack dispatches in-process). */
export function createSqsClient(config: Config): SQSClient {
  return recordCalls(new SQSClient({ region: config.region }), config.recordCallsDir);
}

/** The data-source secrets' KMS client (AWS only: locally a key under `AB_HOME` is used). */
export function createKmsClient(config: Config): KMSClient {
  return recordCalls(new KMSClient({ region: config.region }), config.recordCallsDir);
}

/**
 * S3 for presigned links (the console's uploads and downloads), with checksums only where
 * required: since SDK 3.729 a presigned PUT otherwise carries the CRC32 of an empty body, and S3
 * refuses the real upload against it.
 */
export function createLinksClient(config: Config): S3Client {
  return recordCalls(new S3Client({ ...s3Options(config), ...WHEN_REQUIRED }), config.recordCallsDir);
}
