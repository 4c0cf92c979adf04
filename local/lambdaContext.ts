import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

/**
 * A Lambda `Context` for an in-process invocation. `getRemainingTimeInMillis` counts down from
 * `timeoutMs`, and drops to the shutdown grace once `deadline()` says the stack is stopping, so a
 * worker that watches its remaining time checkpoints and hands over exactly as before a Lambda timeout.
 *
 * @example
 * await handler(event, lambdaContext('ingest', 900_000, () => undefined));
 */
export function lambdaContext(
  functionName: string,
  timeoutMs: number,
  deadline: () => number | undefined,
): Context {
  const end = Date.now() + timeoutMs;
  const region = 'us-east-1';
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: `audience-bridge-${functionName}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:000000000000:function:audience-bridge-${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/audience-bridge-${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, Math.min(end, deadline() ?? end) - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
