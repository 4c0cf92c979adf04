import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

type Item = Record<string, unknown>;

/**
 * Every page of a Query, following `LastEvaluatedKey`, one page at a time (the caller's
 * back-pressure decides when the next request is sent).
 *
 * @example
 * for await (const items of queryPages(ddb, { TableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'LISTS' } })) { … }
 */
export async function* queryPages(
  ddb: DynamoDBDocumentClient,
  input: QueryCommandInput,
): AsyncIterable<Item[]> {
  let startKey = input.ExclusiveStartKey;
  do {
    const out = await ddb.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    yield (out.Items ?? []) as Item[];
    startKey = out.LastEvaluatedKey;
  } while (startKey);
}

/** All items of a Query, for partitions known to be small (lists, data sources, shared audiences). */
export async function queryAll(ddb: DynamoDBDocumentClient, input: QueryCommandInput): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of queryPages(ddb, input)) items.push(...page);
  return items;
}
