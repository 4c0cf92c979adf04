import type { LocalStack } from './startLocalStack.ts';

/**
 * The one line `audience-bridge dev` prints when the stack is ready (CONTRACT.md): scripts and
 * tests wait for it and read the actual ports from it.
 *
 * @example
 * readyLine(stack); // 'audience-bridge ready api=http://127.0.0.1:3000 s3=… dynamodb=… bucket=audience-bridge'
 */
export function readyLine(
  stack: Pick<LocalStack, 'apiUrl' | 's3Endpoint' | 'dynamodbEndpoint' | 'bucket'>,
): string {
  return `audience-bridge ready api=${stack.apiUrl} s3=${stack.s3Endpoint} dynamodb=${stack.dynamodbEndpoint} bucket=${stack.bucket}`;
}
