import type { AppError } from './AppError.ts';
import { PayloadTooLargeError, ThrottledError, ValidationError } from './httpErrors.ts';

/** DynamoDB's throttling errors that outlived the SDK's retries (and our batch backoff). */
const THROTTLED = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
]);

/** Service errors a request's own content can cause: an item or item collection over its size limit. */
const TOO_LARGE = new Set(['ItemCollectionSizeLimitExceededException']);

type ServiceError = { name: string; message: string; $fault?: 'client' | 'server' };

const isServiceError = (error: unknown): error is ServiceError =>
  error instanceof Error && typeof (error as { $fault?: unknown }).$fault === 'string';

/**
 * The AWS SDK errors that bad input can cause, as client errors: DynamoDB's `ValidationException`
 * (an item over 400 KB is a 413, anything else a 400), item-collection limits (413) and throttling
 * that outlived the retries (429). The code of a service error is its `name`, as the SDK models it.
 * The SDK's message is not shown (it can quote a value); the answer names what was refused.
 * Anything else (a server fault, a network error, a bug) is not mapped: it stays a bare 500.
 *
 * @example
 * errorHandler: const mapped = error instanceof AppError ? error : fromSdkError(error);
 */
export function fromSdkError(error: unknown): AppError | undefined {
  if (!isServiceError(error) || error.$fault !== 'client') return undefined;
  const options = { cause: error };
  if (THROTTLED.has(error.name)) {
    return new ThrottledError('request: the data store is busy, retry later', {}, options);
  }
  if (TOO_LARGE.has(error.name) || /item size/i.test(error.message)) {
    return new PayloadTooLargeError(
      "item: over DynamoDB's 400 KB item size limit",
      { field: 'item' },
      options,
    );
  }
  if (error.name === 'ValidationException') {
    return new ValidationError('item: the data store refused a value as invalid', { field: 'item' }, options);
  }
  return undefined;
}
