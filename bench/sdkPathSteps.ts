/**
 * Each change made to cut the SDK path's cost, with what it measured (issue 18, item 2), rendered
 * under the first SDK-path measurement in docs/performance.md. Figures are CPU µs per request or
 * per row, each pair measured back to back on the same machine at the same load.
 */
export const SDK_PATH_STEPS: Array<{ commit: string; change: string; measured: string }> = [
  {
    commit: '8712386',
    change:
      'Batch calls marshal each item once (`@aws-sdk/util-dynamodb`) and send the low-level BatchGetItem/' +
      'BatchWriteItem through the same client, without the document client’s second middleware stack and input walk.',
    measured:
      'Interleaved in one process against the HTTP stand-in (14 rounds, medians after warm-up, 25-item writes, ' +
      '100-key reads): 1,714 → 1,397 µs CPU per BatchWriteItem (0.82×), 2,090 → 1,976 per BatchGetItem (0.95×). ' +
      'The whole SDK-path runs, before (4a43e30) and after, run twice in turn at load average 12–17: iter drop ' +
      'SDK CPU 239 and 244 → 320 and 221 µs/row, recipient load 442 and 367 → 481 and 397: the change is inside ' +
      'that noise. Not the halving the issue asks (goal ≤ 90 µs/row for the iter drop).',
  },
  {
    commit: '44ce6d8',
    change:
      'The batch calls go through their own low-level client (`createClients`, registered with `useBatchClient`): ' +
      '`cacheMiddleware: true`, so its middleware stack is resolved once per command instead of per request, over ' +
      'the same sockets, without the user-agent and recursion-detection (trace header) middleware.',
    measured:
      'Interleaved in one process against the HTTP stand-in (12 rounds, medians after 3 of warm-up, 8 in flight, ' +
      'load average ~9): 779 → 483 µs CPU per BatchWriteItem of 25 items (0.62×), 1,064 → 915 per BatchGetItem of ' +
      '100 keys (0.86×). SDK-path runs before and after, in turn twice (20,000 rows, load average 9–15): the floor’s ' +
      'SDK CPU (the same requests, no ingest) iter drop 144 and 111 → 136 and 115 µs/row, recipient load 232 and 220 → ' +
      '166 and 169; the runs’ own SDK share iter 205 and 221 → 223 and 201, recipient load 315 and 312 → 316 and 293: ' +
      'within that load’s noise.',
  },
  {
    commit: '2602265',
    change:
      'The batch calls go through `@aws-lite/client` instead of the SDK (`DynamoBatchClient` behind the stores’ ' +
      '`BatchClient` port): the JSON util-dynamodb marshalled is sent as it is and the answer read as plain JSON, ' +
      'with the item-size check, the IAM call recorder, 3 attempts on throttling and 5xx and the SDK’s error shape ' +
      'carried over. Every other call stays on the SDK.',
    measured:
      'Clients interleaved in one process against the HTTP stand-in (400 requests a round, 6 rounds, 16 in flight, ' +
      'load average 5–7), µs CPU per BatchWriteItem of 25 items / BatchGetItem of 100 keys: SDK 1,022 / 1,731, ' +
      '`@aws-lite/dynamodb` 566 / 1,122, `@aws-lite/client` with util-dynamodb’s JSON 402 / 908 (letting aws-lite ' +
      'try to unmarshall each answer: 421 / 1,062). Iter drop, 20,000 rows, before (908b2ef) and after run in turn ' +
      '5 times (load average 4–7), medians: CPU µs/row core 51 → 53, SDK 189 → 138 (0.73×), server 73 → 70; the ' +
      'floor’s SDK CPU 99 → 67 (0.68×); floor / run 0.44 → 0.31, since the floor (the same requests) got cheaper ' +
      'than the run. Not the goal yet (≤ 90.5 µs/row).',
  },
];

/** Where the client's CPU still goes, and the next step. */
export const SDK_PATH_NEXT =
  'Left after the first two steps, in a profile of the iter drop’s client process (load average ~10): the SDK’s ' +
  'JSON serialisation by schema and response parsing (`@smithy/core`, ~27% of the process’s CPU), socket writes ' +
  '(~11%, on loopback they include the server side’s receive), garbage collection (~10%), util-dynamodb ' +
  'marshalling (~5%), the HTTP handler (~6%) and SigV4 signing (~3%); middleware resolution fell from ~5% to under ' +
  '1%. These are the client’s own per-request work, so the batch calls moved to a lighter client (issue 18 names ' +
  '`@aws-lite/client`), measured side by side below. After the move, the batch calls are 89% of the iter drop’s ' +
  'requests; a profile of the whole client process (start-up, warm-up and floor included, load average ~5) shows ' +
  'socket writes (~11%), `@smithy/core` (~10%, the other 11% of requests, through the document client), garbage ' +
  'collection (~9%), `@aws-lite/client` (~6%, mostly JSON.stringify and JSON.parse of the batch bodies), ' +
  'util-dynamodb (~4%) and aws4 signing (~2%).';

/** What the side-by-side measurement decided (the figures are the table's, rendered from this run). */
export const LIGHT_CLIENT_DECISION =
  'Decision: the lighter client is clearly cheaper per batch call (first measured through its plugin at 0.57× for ' +
  'writes and 0.65× for reads, at load average ~6), and the batch calls are most of an ingest’s requests, so they ' +
  'moved to it (commit 2602265, the third step above). The product sends util-dynamodb’s JSON with ' +
  '`@aws-lite/client` directly, cheaper than the plugin’s own marshalling (measured: the third step), through ' +
  '`DynamoBatchClient`, which carries over what the SDK client gave these calls: the item-size check, the IAM call ' +
  'recorder, 3 attempts with backoff on throttling and 5xx, keep-alive, the credentials (the environment’s, with ' +
  'the session token, in Lambda) and errors as the SDK’s service errors (throttling recognised by name, ' +
  '`fromSdkError`); the test hooks wrap its `send`. The rest of the product stays on the official SDK. Pinned: ' +
  '`@aws-lite/client` 0.23.7 (0.24 needs Node 22), a product dependency; `@aws-lite/dynamodb` 0.3.9, the ' +
  'bench’s only.';
