import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config/index.ts';
import { guardItemSize, useBatchClient } from '../stores/index.ts';
import { recordCalls } from './callRecorder.ts';

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
 * recorded for the IAM check of `tests/deployed/`.
 *
 * @example
 * const { s3, ddb } = createClients(loadConfig());
 */
export function createClients(config: Config): AwsClients {
  const s3 = new S3Client(s3Options(config));
  const dynamodb = dynamoClient(config, dynamoOptions(config));
  const ddb = DynamoDBDocumentClient.from(dynamodb, {
    marshallOptions: { removeUndefinedValues: true },
  });
  // The batch calls (most of ingest's requests) resolve their middleware stack once per command,
  // not per request (the document client refuses that option), over the same sockets; they send
  // no user agent and no trace header (recursion detection), which DynamoDB does not need.
  const batch = dynamoClient(config, {
    ...dynamoOptions(config),
    cacheMiddleware: true,
    requestHandler: dynamodb.config.requestHandler,
  });
  batch.middlewareStack.remove('getUserAgentMiddleware');
  batch.middlewareStack.remove('recursionDetectionMiddleware');
  useBatchClient(ddb, batch);
  recordCalls(s3, config.recordCallsDir);
  return { s3, ddb };
}

function dynamoOptions(config: Config): DynamoDBClientConfig {
  const local = Boolean(config.s3Endpoint || config.dynamodbEndpoint);
  return {
    region: config.region,
    maxAttempts: 3,
    // Ingest keeps up to 32 batch requests per call in flight, and two calls at once (the next
    // batch's reads while this one writes): more than the SDK's default of 50 sockets.
    requestHandler: { httpAgent: { maxSockets: 128 }, httpsAgent: { maxSockets: 128 } },
    ...(config.dynamodbEndpoint
      ? { endpoint: config.dynamodbEndpoint, credentials: local ? LOCAL_CREDENTIALS : undefined }
      : {}),
  };
}

/** A DynamoDB client whose calls are recorded (tests) and whose items are checked against the 400 KB rule first. */
function dynamoClient(config: Config, options: DynamoDBClientConfig): DynamoDBClient {
  const client = recordCalls(new DynamoDBClient(options), config.recordCallsDir);
  guardItemSize(client);
  return client;
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
