import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE_KEYS } from '../../shared/stores/tableDefinition.ts';
import { type SynthesizedStacks, synthStacks } from './synthStacks.ts';

let s: SynthesizedStacks;
beforeAll(() => {
  s = synthStacks();
});

describe('DataStack', () => {
  it('rotates the customer-managed data key and retains it when the stack is deleted', () => {
    s.data.hasResource('AWS::KMS::Key', {
      Properties: { EnableKeyRotation: true },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it("lets S3 and CloudWatch use the key only for this account's bucket and alarms (aws:SourceArn: service statements open to any source)", () => {
    const [key] = Object.values(s.data.findResources('AWS::KMS::Key'));
    const statements = (key?.Properties?.KeyPolicy?.Statement ?? []) as Array<Record<string, unknown>>;
    const services = statements.filter((st) => (st.Principal as { Service?: unknown }).Service !== undefined);
    const allowed = (Sid: string, service: string, sourceArn: unknown[]) => ({
      Sid,
      Effect: 'Allow',
      Principal: { Service: service },
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: '*',
      Condition: {
        StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ...sourceArn]] } },
      },
    });
    expect(services).toEqual([
      allowed('AllowS3ToUseEncryptedIngestQueue', 's3.amazonaws.com', [':s3:::audiencebridgedata-bucket*']),
      allowed('AllowCloudWatchAlarmsToUseEncryptedTopic', 'cloudwatch.amazonaws.com', [
        ':cloudwatch:',
        { Ref: 'AWS::Region' },
        ':',
        { Ref: 'AWS::AccountId' },
        ':alarm:*',
      ]),
    ]);
  });

  it('creates the single table with pk/sk strings and gsi1 (ALL) from TABLE_KEYS when synthesized', () => {
    s.data.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayEquals([
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
        { AttributeName: 'gsi1pk', AttributeType: 'S' },
        { AttributeName: 'gsi1sk', AttributeType: 'S' },
      ]),
      GlobalSecondaryIndexes: [
        {
          IndexName: 'gsi1',
          KeySchema: [
            { AttributeName: 'gsi1pk', KeyType: 'HASH' },
            { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    });
  });

  it('protects the table: PITR, deletion protection, retain, KMS customer-managed SSE', () => {
    s.data.hasResource('AWS::DynamoDB::Table', {
      Properties: {
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        SSESpecification: {
          SSEEnabled: true,
          SSEType: 'KMS',
          KMSMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DataKey'), 'Arn'] },
        },
      },
      DeletionPolicy: 'Retain',
    });
  });

  it('encrypts the data bucket with the data key, blocks public access and keeps versions', () => {
    s.data.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DataKey'), 'Arn'] },
            },
          },
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: {
        DestinationBucketName: { Ref: Match.stringLikeRegexp('^AccessLogBucket') },
        LogFilePrefix: 'bucket/',
      },
    });
  });

  it('expires inbound/, outbound/, receipts/, rejected/ and staging/ and noncurrent versions (inbound/, outbound/ and receipts/ never expired)', () => {
    const [bucket] = Object.values(
      s.data.findResources('AWS::S3::Bucket', {
        Properties: { VersioningConfiguration: { Status: 'Enabled' } },
      }),
    );
    const rules = (bucket?.Properties?.LifecycleConfiguration?.Rules ?? []) as Array<Record<string, unknown>>;
    expect(
      rules.filter((r) => r.Prefix !== undefined).map((r) => [r.Prefix, r.ExpirationInDays, r.Status]),
    ).toEqual([
      ['inbound/', 30, 'Enabled'],
      ['outbound/', 90, 'Enabled'],
      ['receipts/', 400, 'Enabled'],
      ['rejected/', 30, 'Enabled'],
      ['staging/', 1, 'Enabled'],
    ]);
    expect(rules.find((r) => r.Id === 'expire-noncurrent-versions')).toMatchObject({
      NoncurrentVersionExpiration: { NoncurrentDays: 30 },
      Status: 'Enabled',
    });
  });

  it('expires unmatched IDs kept under receipts/ after 30 days like rejected lines, through their tag (receipts/<drop>.unmatched.tsv kept raw IDs 400 days)', () => {
    const [bucket] = Object.values(
      s.data.findResources('AWS::S3::Bucket', {
        Properties: { VersioningConfiguration: { Status: 'Enabled' } },
      }),
    );
    const rules = (bucket?.Properties?.LifecycleConfiguration?.Rules ?? []) as Array<Record<string, unknown>>;
    expect(rules.filter((r) => r.TagFilters !== undefined)).toEqual([
      {
        Id: 'expire-personal-data',
        ExpirationInDays: 30,
        TagFilters: [{ Key: 'ab-retention', Value: 'personal-data' }],
        Status: 'Enabled',
      },
    ]);
  });

  it('lets DynamoDB delete expired audit records through the ttl attribute (audit records never expired)', () => {
    s.data.hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
    });
  });

  it("lets the console's origin use presigned links (GET, PUT, POST) and read each part's ETag", () => {
    s.data.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: {
        CorsRules: [
          {
            AllowedOrigins: ['*'],
            AllowedMethods: ['GET', 'PUT', 'POST'],
            AllowedHeaders: ['*'],
            ExposedHeaders: ['ETag'],
            MaxAge: 3600,
          },
        ],
      },
    });
  });

  it('denies every non-TLS request in both bucket policies', () => {
    const policies = Object.values(s.data.findResources('AWS::S3::BucketPolicy'));
    expect(policies).toHaveLength(2);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Effect: 'Deny',
            Action: 's3:*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      );
    }
  });

  it('exports key, table and bucket by stable names for the app stack', () => {
    const outputs = s.data.findOutputs('*');
    const names = Object.values(outputs).map((o) => o.Export?.Name);
    expect(names.sort()).toEqual([
      'AudienceBridgeData:bucketArn',
      'AudienceBridgeData:bucketName',
      'AudienceBridgeData:keyArn',
      'AudienceBridgeData:tableName',
    ]);
  });
});
