import { AppError } from '../errors/index.ts';

const THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'SlowDown',
]);

/**
 * The reason a person can act on for an error that will be retried (a dependency down or
 * throttled): recorded on the job while it is retried, and quoted when the job finally gives up.
 * Only our own error messages are quoted (they never hold personal data); an SDK error gives its
 * name only.
 *
 * @example
 * failureReason(new DependencyError('DynamoDB left 25 writes unprocessed or throttled after 8 attempts'));
 * // → 'DynamoDB left 25 writes unprocessed or throttled after 8 attempts'
 */
export function failureReason(error: unknown): string {
  if (error instanceof AppError) return error.message;
  const name = error instanceof Error ? error.name : 'unknown error';
  if (THROTTLING.has(name)) return `a dependency throttled the job (${name}) after its retries`;
  return `a dependency failed (${name})`;
}
