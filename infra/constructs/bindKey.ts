import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { AbFunction } from './AbFunction.ts';

const DECRYPT = ['kms:Decrypt'];
const ENCRYPT_DECRYPT = ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'];

/**
 * Grants a function use of the data key with explicit actions (no `GenerateDataKey*`,
 * no `ReEncrypt*`). Idempotent per function and level: binding the table, the bucket and a queue
 * encrypted with the same key adds one statement, not three.
 *
 * @example
 * bindKey(apiFn, key, 'encryptDecrypt'); // envelope-encrypts data-source secrets
 */
export function bindKey(fn: AbFunction, key: kms.IKey, level: 'decrypt' | 'encryptDecrypt'): void {
  const id = `AbKeyGrant${level}`;
  const holder = fn.node.tryFindChild(id) as KeyGrantMarker | undefined;
  if (holder?.keyArns.has(key.keyArn)) return;
  const marker = holder ?? new KeyGrantMarker(fn, id);
  marker.keyArns.add(key.keyArn);
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      actions: level === 'decrypt' ? DECRYPT : ENCRYPT_DECRYPT,
      resources: [key.keyArn],
    }),
  );
}

/** Remembers which keys a function was already granted (construct tree, so no module state). */
class KeyGrantMarker extends Construct {
  readonly keyArns = new Set<string>();
}
