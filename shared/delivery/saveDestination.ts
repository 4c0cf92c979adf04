import { ValidationError } from '../errors/index.ts';
import type { DestinationStore } from './DestinationStore.ts';
import type { Destination, DestinationInput } from './schemas.ts';

/** What this deployment lets a destination name. */
export interface DestinationRules {
  /** A custom S3 `endpoint` (the local stack's emulator): only where the stack itself runs on one. */
  allowEndpoint: boolean;
  /** The roles the stack may assume (its IAM grant); `undefined`: any (the local stack). */
  roleArns: readonly string[] | undefined;
}

/**
 * Creates or replaces a destination (`PUT /v1/destinations/{name}`) after the checks the schema
 * cannot make: an S3 `endpoint` only on the local stack, and a role the deployment may assume, so
 * a destination that could never work is a 400 now rather than a failed delivery later.
 *
 * @example
 * await saveDestination(store, rules, 'partner-a', { kind: 's3', bucket: 'partner-a-inbound', prefix: '', roleArn, externalId });
 */
export async function saveDestination(
  store: Pick<DestinationStore, 'put'>,
  rules: DestinationRules,
  name: string,
  input: DestinationInput,
): Promise<Destination> {
  if (input.kind === 's3' && input.endpoint && !rules.allowEndpoint) {
    throw new ValidationError('endpoint: only the local stack takes a custom S3 endpoint', {
      field: 'endpoint',
    });
  }
  if (input.kind === 's3' && input.roleArn && rules.roleArns && !rules.roleArns.includes(input.roleArn)) {
    throw new ValidationError(
      'roleArn: not a role this deployment may assume (add it to the context value audience-bridge:destinationRoleArns and deploy)',
      { field: 'roleArn' },
    );
  }
  return store.put(name, input);
}
