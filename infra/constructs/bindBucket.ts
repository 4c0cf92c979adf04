import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { AbFunction } from './AbFunction.ts';
import { bindKey } from './bindKey.ts';

/**
 * Key prefixes (ending in `/`) a function may touch, per kind of access. A segment may be `*`:
 * any one folder name (the export's staging folder under each shared audience's folder).
 */
export interface BucketAccess {
  /** `s3:GetObject` on `<prefix>*` (also what HeadObject and a copy's source need). */
  read?: readonly string[];
  /** `s3:PutObject` (+ multipart abort) on `<prefix>*`. */
  write?: readonly string[];
  /** `s3:ListBucket` limited to these prefixes by an `s3:prefix` condition. */
  list?: readonly string[];
  /** `s3:DeleteObject` on `<prefix>*`. */
  delete?: readonly string[];
  /** `s3:PutObjectTagging` on `<prefix>*`: what a write carrying a tag (`Tagging`) also needs. */
  tag?: readonly string[];
}

/**
 * Gives a function the bucket: its name in `AB_BUCKET` and object actions scoped to the key
 * prefixes of the bucket layout (CONTRACT.md), never the whole bucket, never `s3:*`. Writing
 * through SSE-KMS needs the key's encrypt side; reading only its decrypt side.
 *
 * @example
 * bindBucket(ingestFn, bucket, { read: ['inbound/'], write: ['rejected/', 'receipts/'] });
 */
export function bindBucket(fn: AbFunction, bucket: s3.IBucket, access: BucketAccess): void {
  fn.addEnvironment('AB_BUCKET', bucket.bucketName);
  const objects = (prefixes: readonly string[]) =>
    prefixes.map((p) => bucket.arnForObjects(`${checked(p)}*`));
  if (access.read?.length) {
    fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: objects(access.read) }),
    );
  }
  if (access.write?.length) {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
        resources: objects(access.write),
      }),
    );
  }
  if (access.list?.length) {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': access.list.map((p) => `${checked(p)}*`) } },
      }),
    );
  }
  if (access.delete?.length) {
    fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:DeleteObject'], resources: objects(access.delete) }),
    );
  }
  if (access.tag?.length) {
    fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:PutObjectTagging'], resources: objects(access.tag) }),
    );
  }
  if (bucket.encryptionKey) {
    bindKey(fn, bucket.encryptionKey, access.write?.length ? 'encryptDecrypt' : 'decrypt', 's3');
  }
}

function checked(prefix: string): string {
  if (!/^[a-z0-9-]+(\/([a-z0-9_-]+|\*))*\/$/.test(prefix)) {
    throw new TypeError(`bindBucket: prefix must look like "inbound/", got "${prefix}"`);
  }
  return prefix;
}
