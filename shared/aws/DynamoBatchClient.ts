import awsLite from '@aws-lite/client';
import { DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import { type BatchCall, type BatchClient, type BatchOutput, checkItemSizes } from '../stores/index.ts';
import { recordCall } from './callRecorder.ts';

type AwsLite = Awaited<ReturnType<typeof awsLite>>;

export interface DynamoBatchClientOptions {
  region: string;
  /** A local endpoint (the local stack, tests, the bench); AWS's own otherwise. */
  endpoint?: string;
  /** Fixed credentials (the local emulator's); otherwise the environment's (in Lambda, the role's session). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Where calls are recorded for the IAM check (`recordCalls`); none in production. */
  recordCallsDir?: string;
}

/** What `@aws-lite/client` throws for a service's error answer: the answer's fields, and its status. */
type LiteError = Error & { statusCode?: number; __type?: string };

/**
 * The batch calls' client (issue 18): BatchGetItem, BatchWriteItem and the count pass's
 * `Select: COUNT` queries over DynamoDB's JSON protocol with `@aws-lite/client`, measured at about
 * half the SDK client's CPU per request (docs/performance.md). It sends the wire JSON `batch.ts` marshalled (util-dynamodb, as the document
 * client does) and gets the wire JSON back, with no marshalling of its own (the dynamodb plugin's
 * costs more, measured). It keeps what the SDK client gave these calls: the 400 KB item-size check,
 * the IAM call recorder, 3 attempts with backoff on throttling and 5xx, keep-alive sockets, and
 * errors as SDK service errors (`name` = DynamoDB's error code, `$fault`).
 *
 * @example
 * const batch = new DynamoBatchClient({ region: 'eu-west-1' });
 * await batch.send({ operation: 'BatchGetItem', input: { RequestItems: { t: { Keys: [key] } } } });
 */
export class DynamoBatchClient implements BatchClient {
  private lite: Promise<AwsLite> | undefined;

  constructor(private readonly options: DynamoBatchClientOptions) {}

  async send(call: BatchCall): Promise<BatchOutput> {
    checkItemSizes(call.input);
    if (this.options.recordCallsDir) {
      recordCall(this.options.recordCallsDir, 'DynamoDBClient', call.operation, call.input);
    }
    const lite = await this.client();
    try {
      const { payload } = await lite({
        service: 'dynamodb',
        headers: {
          'X-Amz-Target': `DynamoDB_20120810.${call.operation}`,
          'content-type': 'application/x-amz-json-1.0',
        },
        // Already DynamoDB's JSON: sent as it is, not marshalled again.
        awsjson: false,
        payload: call.input,
      });
      return payload as BatchOutput;
    } catch (error) {
      throw serviceError(error);
    }
  }

  /**
   * Made at the first call (`@aws-lite/client` reads its credentials asynchronously), then kept, as the
   * SDK keeps environment credentials: in Lambda they hold for the execution environment's life.
   */
  private client(): Promise<AwsLite> {
    const { region, endpoint, credentials } = this.options;
    this.lite ??= awsLite({
      region,
      ...(endpoint ? { endpoint } : {}),
      ...credentials,
      // Read as plain JSON: its own attempt to unmarshall the whole answer fails on every batch
      // answer (a thrown error each time, measured); `batch.ts` unmarshalls the items it reads.
      responseContentType: 'application/json',
      // Retries after the first attempt: 3 attempts in all, as the SDK clients' maxAttempts.
      retries: 2,
      // One agent per process with unbounded sockets (up to 32 batch requests per call in flight).
      keepAlive: true,
    });
    return this.lite;
  }
}

/**
 * DynamoDB's error answer as the SDK's service error, so the batch retries (throttling) and
 * `fromSdkError` recognise it by name; anything else (a network error after the retries) as it is.
 */
function serviceError(error: unknown): unknown {
  const { statusCode, __type } = error as LiteError;
  if (typeof statusCode !== 'number' || typeof __type !== 'string') return error;
  return new DynamoDBServiceException({
    // `com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException` → its code.
    name: __type.slice(__type.lastIndexOf('#') + 1),
    $fault: statusCode >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: statusCode },
    message: (error as LiteError).message,
  });
}
