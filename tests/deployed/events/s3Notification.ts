import type { S3Event } from 'aws-lambda';

/** The four ways S3 reports a new object (`s3:ObjectCreated:*`). */
export type ObjectCreated = 'Put' | 'Post' | 'CompleteMultipartUpload' | 'Copy';

export interface CreatedObject {
  bucket: string;
  /**
   * The key as S3 writes it in the notification: URL-encoded, a space as `+`, `:` as `%3A`,
   * non-ASCII as its UTF-8 bytes (`é` → `%C3%A9`), `/` kept. Given encoded, so each test spells it.
   */
  encodedKey: string;
  size: number;
  /** The object's ETag, without quotes (as in notifications). */
  eTag: string;
  eventName: ObjectCreated;
}

/**
 * An S3 event notification (event version 2.1) for one created object, the message body S3 sends
 * to an SQS queue. Shape from the S3 user guide, "Event message structure".
 */
export function s3Notification(object: CreatedObject): S3Event {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'us-east-1',
        eventTime: '2026-03-04T05:06:07.089Z',
        eventName: `ObjectCreated:${object.eventName}`,
        userIdentity: { principalId: 'AWS:AIDAEXAMPLE' },
        requestParameters: { sourceIPAddress: '203.0.113.7' },
        responseElements: {
          'x-amz-request-id': 'C3D13FE58DE4C810',
          'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD',
        },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'AudienceBridgeAppDataBucketNotifications',
          bucket: {
            name: object.bucket,
            ownerIdentity: { principalId: 'A3NL1KOZZKExample' },
            arn: `arn:aws:s3:::${object.bucket}`,
          },
          object: {
            key: object.encodedKey,
            size: object.size,
            eTag: object.eTag,
            sequencer: '0055AED6DCD90281E5',
          },
        },
      },
    ],
  };
}

/** What S3 sends once to a queue when notifications are configured on the bucket (not a `Records` event). */
export function s3TestEvent(bucket: string) {
  return {
    Service: 'Amazon S3',
    Event: 's3:TestEvent',
    Time: '2026-03-04T05:06:07.089Z',
    Bucket: bucket,
    RequestId: '5582815E1AEA5ADF',
    HostId: '8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE',
  };
}
