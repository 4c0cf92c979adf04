import { Annotations, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { AppStack } from '../stacks/AppStack.ts';
import { DataRefs } from '../stacks/DataRefs.ts';
import type { DataStack } from '../stacks/DataStack.ts';

/** The bucket-layout prefixes functions get object access to (CONTRACT.md "Bucket layout"). */
const LAYOUT_PREFIXES = [
  'inbound/',
  'outbound/',
  'rejected/',
  'receipts/',
  'receipts/erasures/',
  'staging/outbound/',
] as const;

/**
 * Every cdk-nag acknowledgement of the app (cdk-nag 3: `Validations.of(c).acknowledge`), each
 * with its reason, in one place so a review sees them all (docs/deploy.md repeats them). Each is
 * on the narrowest construct and, for wildcard findings, names the exact finding
 * (`AwsSolutions-IAM5[Resource::…]`), never a whole rule.
 *
 * @example
 * applyNagSuppressions(buildApp(app)); // done by buildApp
 */
export function applyNagSuppressions(stacks: { data: DataStack; app: AppStack }): void {
  const ack = (construct: IConstruct, id: string, reason: string) =>
    Validations.of(construct).acknowledge({ id, reason });
  const { data, app } = stacks;

  ack(
    data.logBucket,
    'AwsSolutions-S1',
    'This bucket is the server-access-log destination of the data bucket; logging it to itself would loop.',
  );

  for (const fn of Object.values(app.functions)) {
    ack(
      fn,
      'AwsSolutions-L1',
      'Pinned to nodejs22.x on purpose: the code is built and tested on Node 20/22; move to a newer runtime after the suite runs on it.',
    );
    if (!fn.role) continue;
    ack(
      fn.role,
      'AwsSolutions-IAM5[Resource::*]',
      'Only X-Ray tracing (xray:PutTraceSegments, xray:PutTelemetryRecords), which has no resource-level permissions; tests/infra pin that no other statement uses Resource "*".',
    );
  }

  // Object access is scoped to one layout prefix per statement (bindBucket): the trailing `*`
  // is the object key under that prefix, which is the narrowest S3 resource there is.
  const bucketArn = DataRefs.exportName(data.stackName, 'bucketArn');
  for (const prefix of LAYOUT_PREFIXES) {
    ack(
      app,
      `AwsSolutions-IAM5[Resource::${bucketArn}/${prefix}*]`,
      `Prefix-scoped object access (${prefix}) per the bucket layout; each function gets only its prefixes (bindBucket).`,
    );
  }

  for (const route of app.publicRoutes) {
    ack(
      route,
      'AwsSolutions-APIG4',
      'Public by contract (route scope null: /health, /openapi.json); every other route has the JWT authorizer.',
    );
  }

  // The handler CDK creates to put the S3 notification configuration on the imported data bucket.
  const notificationsHandler = app.node
    .findAll()
    .find((c) => c.node.id.startsWith('BucketNotificationsHandler') && c.node.scope === app);
  if (notificationsHandler) {
    ack(
      notificationsHandler,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'CDK-owned custom-resource handler (S3 bucket notifications), run only at deploy time; its role is not configurable.',
    );
  }

  // Not a cdk-nag rule: CDK's own warning that it cannot edit an imported key's policy. The data
  // stack's key policy already grants s3.amazonaws.com kms:GenerateDataKey + kms:Decrypt.
  const importedKey = app.node.tryFindChild('DataKey');
  if (importedKey) {
    Annotations.of(importedKey).acknowledgeWarning(
      '@aws-cdk/aws-s3-notifications:sqsKMSPermissionsNotAdded',
      'DataStack key policy grants s3.amazonaws.com GenerateDataKey/Decrypt (same account).',
    );
  }
}
