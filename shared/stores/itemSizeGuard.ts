import type {
  AttributeValue,
  DynamoDBClient,
  ServiceInputTypes,
  ServiceOutputTypes,
} from '@aws-sdk/client-dynamodb';
// Types only (erased at build): the SDK's middleware types, from the package every SDK client uses.
import type { BuildMiddleware } from '@smithy/types';
import { PayloadTooLargeError } from '../errors/index.ts';
import { MAX_ITEM_BYTES, oversize } from './itemSize.ts';

type Item = Record<string, AttributeValue>;

/** The items a write request carries: PutItem's item, BatchWriteItem's puts, UpdateItem's key and new values. */
function itemsOf(input: Record<string, unknown>): Item[] {
  if (input.Item) return [input.Item as Item];
  if (input.UpdateExpression && input.Key) {
    // The stored item is unknown here: its key and new values alone are a lower bound of its size.
    return [{ ...(input.Key as Item), ...((input.ExpressionAttributeValues as Item | undefined) ?? {}) }];
  }
  const tables = input.RequestItems as Record<string, unknown> | undefined;
  return Object.values(tables ?? {}).flatMap((requests) =>
    Array.isArray(requests)
      ? requests.flatMap((r: { PutRequest?: { Item: Item } }) => (r.PutRequest ? [r.PutRequest.Item] : []))
      : [],
  );
}

/**
 * Refuses a write request (PutItem, UpdateItem, BatchWriteItem) whose items break DynamoDB's size
 * rule, naming the largest field; a batch request is refused whole, before any of it is sent.
 */
export function checkItemSizes(input: object): void {
  for (const item of itemsOf(input as Record<string, unknown>)) {
    const over = oversize(item);
    if (over) {
      const { bytes, largest } = over;
      throw new PayloadTooLargeError(
        `${largest}: expected a stored item of at most ${MAX_ITEM_BYTES} bytes (DynamoDB's limit), got ${bytes}`,
        { field: largest },
      );
    }
  }
}

const guard: BuildMiddleware<ServiceInputTypes, ServiceOutputTypes> = (next) => async (args) => {
  checkItemSizes(args.input);
  return next(args);
};

/**
 * Checks every item the client writes against DynamoDB's own size rule (UTF-8 bytes of names and
 * values, 400 KB) before it is sent, whatever the store: a 413 naming the field, instead of a
 * service error after the fact (or, on the local emulator, which counts UTF-16 units, an item
 * accepted here that AWS would refuse). It runs after the document client's marshalling, on the
 * attribute values DynamoDB will see. (The batch calls' own client, `DynamoBatchClient`, runs
 * `checkItemSizes` itself.)
 *
 * @example
 * const dynamodb = new DynamoDBClient({});
 * guardItemSize(dynamodb);
 */
export function guardItemSize(client: DynamoDBClient): void {
  client.middlewareStack.add(guard, { step: 'build', name: 'itemSizeGuard' });
}
