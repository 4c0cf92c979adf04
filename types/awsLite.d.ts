// The two batch calls the bench compares through @aws-lite/dynamodb (bench/lightClient.ts); items
// go in and come out as plain objects (the plugin marshals them itself).
declare module '@aws-lite/dynamodb' {
  const plugin: { name: string; service: string };
  export default plugin;
}

declare module '@aws-lite/client' {
  type Item = Record<string, unknown>;
  interface LiteDynamoDB {
    BatchWriteItem(input: { RequestItems: Record<string, Array<{ PutRequest: { Item: Item } }>> }): Promise<{
      UnprocessedItems?: Record<string, unknown[]>;
    }>;
    BatchGetItem(input: { RequestItems: Record<string, { Keys: Item[] }> }): Promise<{
      Responses?: Record<string, Item[]>;
      UnprocessedKeys?: Record<string, unknown>;
    }>;
  }
  interface LiteOptions {
    endpoint: string;
    region: string;
    accessKeyId: string;
    secretAccessKey: string;
    plugins: unknown[];
  }
  export default function awsLite(options: LiteOptions): Promise<{ DynamoDB: LiteDynamoDB }>;
}
