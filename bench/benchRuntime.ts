import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createRuntime, type Runtime } from '../functions/runtime.ts';
import { type Config, loadConfig } from '../shared/config/index.ts';
import type { IdentityService } from '../shared/identities/index.ts';
import { logger } from '../shared/logging/index.ts';
import { RecordingDispatcher } from './RecordingDispatcher.ts';

/** The table and bucket names of the in-process runs (never sent anywhere). */
export const BENCH_TABLE = 'bench-table';
export const BENCH_BUCKET = 'bench-bucket';

/** The config of a bench run: its table, bucket and home, and the DynamoDB endpoint of an SDK-path run. */
export function benchConfig(home: string, dynamodbEndpoint?: string): Config {
  return loadConfig({
    AB_TABLE: BENCH_TABLE,
    AB_BUCKET: BENCH_BUCKET,
    AB_HOME: home,
    ...(dynamodbEndpoint ? { AB_DYNAMODB_ENDPOINT: dynamodbEndpoint } : {}),
    LOG_LEVEL: 'ERROR',
  });
}

/**
 * The product's own `createRuntime` on the given clients (the in-process stand-ins, or the real
 * SDK client of the SDK-path runs), so every store class runs unchanged.
 */
export function benchRuntime(options: { ddb: DynamoDBDocumentClient; s3: S3Client; home: string }): {
  runtime: Runtime;
  identity: IdentityService;
  dispatcher: RecordingDispatcher;
} {
  logger.setLogLevel('ERROR');
  const config = benchConfig(options.home);
  const dispatcher = new RecordingDispatcher();
  const runtime = createRuntime({
    config,
    dispatcher,
    clients: { s3: options.s3, ddb: options.ddb },
  });
  return { runtime, identity: runtime.identity, dispatcher };
}
