import type { S3Event, S3EventRecord } from 'aws-lambda';
import type { S3rverEvent } from './emulators.ts';
import { encodeS3EventKey } from './encodeS3EventKey.ts';

/** The prefix whose new objects are drops (CONTRACT.md "Bucket layout"). */
export const INBOUND_PREFIX = 'inbound/';

/** s3rver reports a completed multipart upload as `Post`; AWS names it `CompleteMultipartUpload`. */
const EVENT_NAMES: Record<string, string> = {
  'ObjectCreated:Put': 'ObjectCreated:Put',
  'ObjectCreated:Copy': 'ObjectCreated:Copy',
  'ObjectCreated:Post': 'ObjectCreated:CompleteMultipartUpload',
  'ObjectCreated:CompleteMultipartUpload': 'ObjectCreated:CompleteMultipartUpload',
};

/**
 * Turns s3rver's event into the notification AWS S3 sends to SQS for a drop: AWS event name,
 * URL-encoded key, size, ETag and sequencer. Undefined for anything that is not a created object
 * under `inbound/` of `bucket` (deletes, other prefixes, other buckets).
 *
 * @example
 * const body = toS3Notification(event, 'audience-bridge'); // then JSON.stringify(body) is the SQS body
 */
export function toS3Notification(
  event: S3rverEvent,
  bucket: string,
  region = 'us-east-1',
): S3Event | undefined {
  const records: S3EventRecord[] = [];
  for (const record of event.Records) {
    const eventName = EVENT_NAMES[record.eventName];
    const { key, size, eTag } = record.s3.object;
    if (!eventName || record.s3.bucket.name !== bucket || !key.startsWith(INBOUND_PREFIX)) continue;
    const source = record as unknown as Partial<S3EventRecord>;
    records.push({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: region,
      eventTime: record.eventTime,
      eventName,
      userIdentity: { principalId: 'AWS:LOCAL' },
      requestParameters: { sourceIPAddress: source.requestParameters?.sourceIPAddress ?? '127.0.0.1' },
      responseElements: {
        'x-amz-request-id': source.responseElements?.['x-amz-request-id'] ?? 'LOCAL',
        'x-amz-id-2': source.responseElements?.['x-amz-id-2'] ?? 'LOCAL',
      },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'audience-bridge-inbound',
        bucket: { name: bucket, ownerIdentity: { principalId: 'LOCAL' }, arn: `arn:aws:s3:::${bucket}` },
        object: {
          key: encodeS3EventKey(key),
          size: size ?? 0,
          eTag: eTag ?? '',
          sequencer: (source.s3?.object as { sequencer?: string } | undefined)?.sequencer ?? '0',
        },
      },
    });
  }
  return records.length > 0 ? { Records: records } : undefined;
}
