import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isBatchCall, wrapDynamoSends } from './dynamoHooks.ts';

/** How many batch calls were throttled so far; `stop()` lets every later call through. */
export interface BatchThrottle {
  throttled: number;
  stop(): void;
}

/**
 * Makes BatchGetItem/BatchWriteItem calls fail with ProvisionedThroughputExceededException (what
 * the batch client throws once its own retries gave up): the first `count` of them, or every one until
 * `stop()` with `count: 'always'`, after letting `passFirst` batch calls through (so a job has
 * written part of its change before the throttling starts). Single-item calls pass (in AWS the SDK retries those itself).
 * Composes with `injectFaults` (wraps whatever `send` is installed).
 *
 * @example
 * const throttle = throttleBatches(runtime.clients.ddb, 'always');
 * … // every batch call fails
 * throttle.stop();
 */
export function throttleBatches(
  ddb: DynamoDBDocumentClient,
  count: number | 'always',
  options: { passFirst?: number } = {},
): BatchThrottle {
  const state = { throttled: 0, stopped: false, passed: 0 };
  wrapDynamoSends(ddb, async (command, send) => {
    const batch = isBatchCall(command, 'BatchGetItem') || isBatchCall(command, 'BatchWriteItem');
    if (batch && state.passed < (options.passFirst ?? 0)) state.passed++;
    else if (batch && !state.stopped && (count === 'always' || state.throttled < count)) {
      state.throttled++;
      throw new ProvisionedThroughputExceededException({ message: 'injected throttle', $metadata: {} });
    }
    return send(command);
  });
  return {
    get throttled() {
      return state.throttled;
    },
    stop: () => {
      state.stopped = true;
    },
  };
}
