import type { RecordedCall } from '../../../shared/aws/index.ts';
import type { DeployedApp, DeployedResource } from './deployedApp.ts';
import { REGION } from './resolveIntrinsics.ts';

/** One authorization AWS evaluates for a call: an action on a resource, with its context keys. */
export interface IamRequest {
  action: string;
  resource: DeployedResource;
  /** The ARN evaluated (an object ARN under the bucket, an index under the table…). */
  arn: string;
  context: Record<string, string | string[]>;
  /** Why the call needs it, for messages: `source of the copy`, `SSE-KMS write`… */
  why: string;
}

type Mapper = (call: RecordedCall, app: DeployedApp) => IamRequest[];

const text = (call: RecordedCall, field: string): string => {
  const value = call.input[field];
  if (typeof value !== 'string') throw new Error(`${call.client}.${call.operation}: no ${field} recorded`);
  return value;
};

/** The KMS use a service makes on the caller's behalf (kms:ViaService, as KMS sees it). */
const viaService = (app: DeployedApp, action: string, service: string, why: string): IamRequest => ({
  action,
  resource: app.key,
  arn: app.key.arn,
  context: { 'kms:ViaService': `${service}.${REGION}.amazonaws.com`, 'kms:CallerAccount': accountOf(app) },
  why,
});

const accountOf = (app: DeployedApp) => app.key.arn.split(':')[4] ?? '';

// Every bucket a function names is the data bucket (the one bucket of the layout), so a call
// recorded against the emulator's bucket is checked against the deployed one.
const object = (app: DeployedApp, key: string, action: string, why: string): IamRequest => ({
  action,
  resource: app.bucket,
  arn: `${app.bucket.arn}/${key}`,
  context: {},
  why,
});

const read: Mapper = (call, app) => [
  object(app, text(call, 'Key'), 's3:GetObject', 'read'),
  viaService(app, 'kms:Decrypt', 's3', 'SSE-KMS read'),
];
const write: Mapper = (call, app) => [
  object(app, text(call, 'Key'), 's3:PutObject', 'write'),
  viaService(app, 'kms:GenerateDataKey', 's3', 'SSE-KMS write'),
  // A write that tags its object (the `Tagging` parameter) is also authorised as tagging.
  ...(call.input.Tagging !== undefined
    ? [object(app, text(call, 'Key'), 's3:PutObjectTagging', 'write with a tag')]
    : []),
];
// A multipart upload under SSE-KMS also decrypts the data key to encrypt each part.
const multipartWrite: Mapper = (call, app) => [
  ...write(call, app),
  viaService(app, 'kms:Decrypt', 's3', 'SSE-KMS multipart upload'),
];

const dynamo =
  (action: string): Mapper =>
  (call, app) => {
    const index = call.input.IndexName;
    const arn = typeof index === 'string' ? `${app.table.arn}/index/${index}` : app.table.arn;
    return [
      {
        action,
        resource: app.table,
        arn,
        context: {},
        why: typeof index === 'string' ? `index ${index}` : 'table',
      },
      viaService(app, 'kms:Decrypt', 'dynamodb', 'table encrypted with the data key'),
    ];
  };

const queueOf = (call: RecordedCall, app: DeployedApp) => {
  const name = text(call, 'QueueUrl').split('/').pop();
  const queue = Object.values(app.queues).find((q) => q.name === name);
  if (!queue) throw new Error(`SendMessage to an unknown queue ${text(call, 'QueueUrl')}`);
  return queue;
};

/** The encryption context of a direct KMS call, as KMS presents it to IAM (`kms:EncryptionContext:<key>`). */
const encryptionContextOf = (call: RecordedCall): Record<string, string> => {
  const context = (call.input.EncryptionContext ?? {}) as Record<string, string>;
  return Object.fromEntries(
    Object.entries(context).map(([key, value]) => [`kms:EncryptionContext:${key}`, value]),
  );
};

const kms =
  (action: string): Mapper =>
  (call, app) => [
    {
      action,
      resource: app.key,
      arn: app.key.arn,
      context: encryptionContextOf(call),
      why: 'sealed secrets',
    },
  ];

/**
 * How each SDK operation is authorized (the IAM service authorization reference): the actions,
 * the resources they are evaluated on and the KMS uses they imply. A new operation in the code
 * fails the check until it is added here.
 */
export const OPERATIONS: Record<string, Mapper> = {
  'S3Client.GetObject': read,
  'S3Client.HeadObject': read,
  'S3Client.PutObject': write,
  'S3Client.CreateMultipartUpload': multipartWrite,
  'S3Client.UploadPart': multipartWrite,
  'S3Client.CompleteMultipartUpload': multipartWrite,
  'S3Client.AbortMultipartUpload': (call, app) => [
    object(app, text(call, 'Key'), 's3:AbortMultipartUpload', 'abort'),
  ],
  'S3Client.DeleteObject': (call, app) => [object(app, text(call, 'Key'), 's3:DeleteObject', 'delete')],
  'S3Client.CopyObject': (call, app) => {
    // CopySource is `<bucket>/<url-encoded key>`: the source is read, the target written.
    const source = decodeURIComponent(text(call, 'CopySource').replace(/^\/?[^/]+\//, ''));
    return [
      object(app, source, 's3:GetObject', 'source of the copy'),
      viaService(app, 'kms:Decrypt', 's3', 'SSE-KMS read of the copy source'),
      ...write(call, app).map((r) => ({ ...r, why: `target of the copy: ${r.why}` })),
    ];
  },
  'S3Client.ListObjectsV2': (call, app) => [
    {
      action: 's3:ListBucket',
      resource: app.bucket,
      arn: app.bucket.arn,
      context: { 's3:prefix': typeof call.input.Prefix === 'string' ? call.input.Prefix : '' },
      why: 'listing',
    },
  ],
  'DynamoDBClient.GetItem': dynamo('dynamodb:GetItem'),
  'DynamoDBClient.BatchGetItem': dynamo('dynamodb:BatchGetItem'),
  'DynamoDBClient.Query': dynamo('dynamodb:Query'),
  'DynamoDBClient.Scan': dynamo('dynamodb:Scan'),
  'DynamoDBClient.PutItem': dynamo('dynamodb:PutItem'),
  'DynamoDBClient.UpdateItem': dynamo('dynamodb:UpdateItem'),
  'DynamoDBClient.DeleteItem': dynamo('dynamodb:DeleteItem'),
  'DynamoDBClient.BatchWriteItem': dynamo('dynamodb:BatchWriteItem'),
  'SQSClient.SendMessage': (call, app) => {
    const queue = queueOf(call, app);
    return [
      { action: 'sqs:SendMessage', resource: queue, arn: queue.arn, context: {}, why: 'enqueue' },
      // A message to an SSE-KMS queue needs a data key (and its decryption when reused).
      viaService(app, 'kms:GenerateDataKey', 'sqs', 'SSE-KMS queue'),
      viaService(app, 'kms:Decrypt', 'sqs', 'SSE-KMS queue'),
    ];
  },
  'KMSClient.GenerateDataKey': kms('kms:GenerateDataKey'),
  'KMSClient.Decrypt': kms('kms:Decrypt'),
  'KMSClient.Encrypt': kms('kms:Encrypt'),
};

/** The IAM requests a recorded call makes; throws when the operation has no mapping yet. */
export function iamRequestsOf(call: RecordedCall, app: DeployedApp): IamRequest[] {
  const mapper = OPERATIONS[`${call.client}.${call.operation}`];
  if (!mapper) throw new Error(`no IAM mapping for ${call.client}.${call.operation}: add it to OPERATIONS`);
  return mapper(call, app);
}
