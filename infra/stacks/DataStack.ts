import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cxapi from 'aws-cdk-lib/cx-api';
import type { Construct } from 'constructs';
import { PERSONAL_DATA_TAG } from '../../shared/stores/personalDataTag.ts';
import { TABLE_KEYS } from '../../shared/stores/tableDefinition.ts';
import { DataRefs } from './DataRefs.ts';

/** Days any noncurrent object version is kept. */
export const RETENTION_DAYS = 30;

/**
 * Days an object is kept, per prefix of the bucket layout (docs/security.md, "Retention"). Drops
 * are applied within minutes, so 30 days after the upload is 30 days after the drop was applied;
 * `rejected/` matches shared/config AB_REJECTED_TTL_DAYS; `staging/` holds an export's parts for
 * the minutes it runs (a crashed job's leftovers go after a day).
 */
export const PREFIX_RETENTION_DAYS = {
  'inbound/': 30,
  'outbound/': 90,
  'receipts/': 400,
  'rejected/': 30,
  'staging/': 1,
} as const;

/**
 * The stateful stack: the data key, the single table and the bucket. Everything here is retained
 * on stack deletion and protected from replacement by accident; the stateless stack
 * (`AppStack`) can be destroyed and redeployed freely on top of it.
 */
export interface DataStackProps extends StackProps {
  /** Origins of the console's pages, allowed to use presigned links across origins (CORS). */
  consoleOrigins: readonly string[];
}

export class DataStack extends Stack {
  /** Customer-managed key: table, bucket, queues, alarm topic, data-source secrets. Rotated yearly. */
  readonly key: kms.Key;
  readonly table: dynamodb.Table;
  readonly bucket: s3.Bucket;
  readonly logBucket: s3.Bucket;
  /** Exported by name for the app stack (DataRefs). */
  readonly refs: DataRefs;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    // Server access logs delivered through a bucket policy (not the legacy log-delivery ACL).
    this.node.setContext(cxapi.S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);

    this.key = new kms.Key(this, 'DataKey', {
      alias: 'alias/audience-bridge/data',
      description: 'audience-bridge: table, bucket, queues, alarm topic and data-source secrets',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // S3 sends drop notifications into the encrypted ingest queue and CloudWatch alarms publish to
    // the encrypted alarm topic, both on this account's behalf, each only for its own resources
    // (aws:SourceArn). The bucket is encrypted with this key, so its ARN cannot be referenced here
    // (a cycle): the pattern is the name CloudFormation generates for it (`<stack>-bucket…`).
    const serviceUse = (sid: string, service: string, sourceArn: string) =>
      new iam.PolicyStatement({
        sid,
        principals: [new iam.ServicePrincipal(service)],
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': this.account },
          ArnLike: { 'aws:SourceArn': sourceArn },
        },
      });
    this.key.addToResourcePolicy(
      serviceUse(
        'AllowS3ToUseEncryptedIngestQueue',
        's3.amazonaws.com',
        `arn:${this.partition}:s3:::${this.stackName.toLowerCase()}-bucket*`,
      ),
    );
    this.key.addToResourcePolicy(
      serviceUse(
        'AllowCloudWatchAlarmsToUseEncryptedTopic',
        'cloudwatch.amazonaws.com',
        `arn:${this.partition}:cloudwatch:${this.region}:${this.account}:alarm:*`,
      ),
    );

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // Audit records and list change-log items carry their expiry (AB_AUDIT_RETENTION_DAYS,
      // AB_CHANGE_LOG_RETENTION_DAYS); DynamoDB deletes them after it.
      timeToLiveAttribute: TABLE_KEYS.ttl,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: TABLE_KEYS.gsi1.name,
      partitionKey: { name: TABLE_KEYS.gsi1.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.gsi1.sortKey, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });

    // Access-log destinations cannot be SSE-KMS; SSE-S3 is what S3 supports for them.
    this.logBucket = new s3.Bucket(this, 'AccessLogBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 'bucket/',
      // The console uploads drops and downloads files through presigned links from its own origin;
      // a link, not this rule, is what grants access. ETag is read back per part of a multipart upload.
      cors: [
        {
          allowedOrigins: [...props.consoleOrigins],
          allowedMethods: [s3.HttpMethods.GET, s3.HttpMethods.PUT, s3.HttpMethods.POST],
          allowedHeaders: ['*'],
          exposedHeaders: ['ETag'],
          maxAge: 3600,
        },
      ],
      lifecycleRules: [
        ...Object.entries(PREFIX_RETENTION_DAYS).map(([prefix, days]) => ({
          id: `expire-${prefix.slice(0, -1)}`,
          prefix,
          expiration: Duration.days(days),
        })),
        {
          // Raw personal values (rejected lines, unmatched IDs under receipts/) wherever they live:
          // S3 applies the shortest expiration of the rules an object matches.
          id: 'expire-personal-data',
          tagFilters: { [PERSONAL_DATA_TAG.key]: PERSONAL_DATA_TAG.value },
          expiration: Duration.days(PREFIX_RETENTION_DAYS['rejected/']),
        },
        {
          id: 'expire-noncurrent-versions',
          noncurrentVersionExpiration: Duration.days(RETENTION_DAYS),
          expiredObjectDeleteMarker: true,
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.refs = {
      keyArn: this.key.keyArn,
      tableName: this.table.tableName,
      bucketName: this.bucket.bucketName,
      bucketArn: this.bucket.bucketArn,
    };
    DataRefs.exportFrom(this, this.refs);
  }
}
