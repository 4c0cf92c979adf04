// @aws-lite/dynamodb ships no types (the bench's comparison, bench/lightClient.ts, uses it).
declare module '@aws-lite/dynamodb' {
  const plugin: { name: string; service: string };
  export default plugin;
}
