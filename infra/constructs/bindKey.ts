import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { AbFunction } from './AbFunction.ts';

const DECRYPT = ['kms:Decrypt'];
const ENCRYPT_DECRYPT = ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'];

/**
 * Who uses the key: a service on the function's behalf (the grant holds only through it,
 * `kms:ViaService`), or the function itself for the sealed secrets (only with an encryption
 * context naming a data source or destination: shared/secrets `SECRET_CONTEXT_KEY`).
 */
export type KeyUse = 'dynamodb' | 's3' | 'sqs' | 'secrets';

function conditionsOf(fn: AbFunction, use: KeyUse): Record<string, Record<string, unknown>> {
  if (use === 'secrets') {
    return {
      StringLike: { 'kms:EncryptionContext:audience-bridge:secret': ['dataSource/*', 'destination/*'] },
    };
  }
  return { StringEquals: { 'kms:ViaService': `${use}.${Stack.of(fn).region}.amazonaws.com` } };
}

/**
 * Grants a function use of the data key with explicit actions (no `GenerateDataKey*`,
 * no `ReEncrypt*`), through one service or for the sealed secrets only. Idempotent per function,
 * level and use: binding two queues encrypted with the same key adds one statement, not two.
 *
 * @example
 * bindKey(apiFn, key, 'encryptDecrypt', 'secrets'); // envelope-encrypts data-source secrets
 */
export function bindKey(
  fn: AbFunction,
  key: kms.IKey,
  level: 'decrypt' | 'encryptDecrypt',
  use: KeyUse,
): void {
  const id = `AbKeyGrant${level}${use}`;
  const holder = fn.node.tryFindChild(id) as KeyGrantMarker | undefined;
  if (holder?.keyArns.has(key.keyArn)) return;
  const marker = holder ?? new KeyGrantMarker(fn, id);
  marker.keyArns.add(key.keyArn);
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      actions: level === 'decrypt' ? DECRYPT : ENCRYPT_DECRYPT,
      resources: [key.keyArn],
      conditions: conditionsOf(fn, use),
    }),
  );
}

/** Remembers which keys a function was already granted (construct tree, so no module state). */
class KeyGrantMarker extends Construct {
  readonly keyArns = new Set<string>();
}
