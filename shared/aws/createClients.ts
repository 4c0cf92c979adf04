import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config/index.ts';

export interface AwsClients {
  s3: S3Client;
  /** Document client: plain JS values in and out, undefined attributes dropped. */
  ddb: DynamoDBDocumentClient;
}

/**
 * The one place S3 and DynamoDB clients are made. With local endpoints (the local stack) it
 * applies what s3rver needs: path-style addressing, its fixed credentials, and checksums only
 * when required (otherwise streamed uploads reach s3rver corrupted).
 *
 * @example
 * const { s3, ddb } = createClients(loadConfig());
 */
export function createClients(config: Config): AwsClients {
  const local = Boolean(config.s3Endpoint || config.dynamodbEndpoint);
  const credentials = local ? { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } : undefined;
  const s3 = new S3Client({
    region: config.region,
    ...(config.s3Endpoint
      ? {
          endpoint: config.s3Endpoint,
          forcePathStyle: true,
          credentials,
          requestChecksumCalculation: 'WHEN_REQUIRED',
          responseChecksumValidation: 'WHEN_REQUIRED',
        }
      : {}),
  });
  const dynamodb = new DynamoDBClient({
    region: config.region,
    maxAttempts: 3,
    // Ingest keeps up to 32 batch requests per call in flight, and two calls at once (the next
    // batch's reads while this one writes): more than the SDK's default of 50 sockets.
    requestHandler: { httpAgent: { maxSockets: 128 }, httpsAgent: { maxSockets: 128 } },
    ...(config.dynamodbEndpoint ? { endpoint: config.dynamodbEndpoint, credentials } : {}),
  });
  const ddb = DynamoDBDocumentClient.from(dynamodb, {
    marshallOptions: { removeUndefinedValues: true },
  });
  return { s3, ddb };
}
