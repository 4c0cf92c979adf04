import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isBatchCall, wrapDynamoSends } from './dynamoHooks.ts';

/** What to inject: the first `n` batch calls of a kind misbehave, then the client behaves. */
export interface Faults {
  /** BatchWrite calls that apply only the first half of their items and return the rest as unprocessed. */
  unprocessedWrites?: number;
  /** BatchGet calls that answer only the first half of their keys and return the rest as unprocessed. */
  unprocessedReads?: number;
  /** Calls (any command) that fail with ProvisionedThroughputExceededException. */
  throttles?: number;
}

export interface FaultCounters {
  batchWrites: number;
  batchGets: number;
  throttled: number;
}

/**
 * Wraps a real document client (talking to dynalite) so it produces the faults an emulator
 * cannot, on the batch requests the stores send (`shared/stores/batch.ts`): unprocessed items
 * (really left unwritten/unread) and throttling errors. Everything else goes to the emulator unchanged.
 */
export function injectFaults(ddb: DynamoDBDocumentClient, faults: Faults): FaultCounters {
  const counters: FaultCounters = { batchWrites: 0, batchGets: 0, throttled: 0 };
  const remaining = { ...faults };
  wrapDynamoSends(ddb, async (command, send) => {
    if ((remaining.throttles ?? 0) > 0) {
      remaining.throttles = (remaining.throttles ?? 0) - 1;
      counters.throttled++;
      throw new ProvisionedThroughputExceededException({ message: 'injected throttle', $metadata: {} });
    }
    if (isBatchCall(command, 'BatchWriteItem')) {
      counters.batchWrites++;
      if ((remaining.unprocessedWrites ?? 0) > 0) {
        remaining.unprocessedWrites = (remaining.unprocessedWrites ?? 0) - 1;
        const [table, requests] = Object.entries(command.input.RequestItems ?? {})[0] ?? ['', []];
        const half = Math.ceil(requests.length / 2);
        await send({
          operation: 'BatchWriteItem',
          input: { RequestItems: { [table]: requests.slice(0, half) } },
        });
        return { UnprocessedItems: { [table]: requests.slice(half) } };
      }
    }
    if (isBatchCall(command, 'BatchGetItem')) {
      counters.batchGets++;
      if ((remaining.unprocessedReads ?? 0) > 0) {
        remaining.unprocessedReads = (remaining.unprocessedReads ?? 0) - 1;
        const [table, request] = Object.entries(command.input.RequestItems ?? {})[0] ?? ['', { Keys: [] }];
        const keys = request.Keys ?? [];
        const half = Math.ceil(keys.length / 2);
        const out = (await send({
          operation: 'BatchGetItem',
          input: { RequestItems: { [table]: { ...request, Keys: keys.slice(0, half) } } },
        })) as { Responses?: Record<string, unknown[]> };
        return { Responses: out.Responses, UnprocessedKeys: { [table]: { Keys: keys.slice(half) } } };
      }
    }
    return send(command);
  });
  return counters;
}
