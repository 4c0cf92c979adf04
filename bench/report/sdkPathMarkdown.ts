import type { BenchResults } from '../BenchResults.ts';
import type { LightClientResults } from '../lightClient.ts';
import { FIRST_SDK_MEASUREMENT } from '../sdkPath.ts';
import { LIGHT_CLIENT_DECISION, SDK_PATH_NEXT, SDK_PATH_STEPS } from '../sdkPathSteps.ts';
import { int, ratio } from './format.ts';
import { markdownTable } from './markdownTable.ts';

const us = (n: number) => n.toFixed(0);

/** The SDK-path section of docs/performance.md: per-run table, prices, the first measurement kept. */
export function sdkPathMarkdown(r: BenchResults): string[] {
  const sdk = r.sdkPath;
  if (!('runs' in sdk)) return ['## The SDK path', '', `Not measured (${sdk.reason}).`, ''];
  const { prices } = sdk;
  return [
    '## The SDK path (headline)',
    '',
    `Every run below goes through the product's own DynamoDB client to the bench's table served over HTTP by a`,
    `separate process, on drops of ${int(sdk.rows)} rows, with ${sdk.latencyMs} ms added per request. ${sdk.method}`,
    'The ratio to the floor is wall-clock time of the floor / of the run, both in this run; when other processes',
    'share the 2 CPUs, both slow alike, so the ratio holds better than either time.',
    '',
    markdownTable(
      [
        'run',
        'rows',
        'rows/s',
        'floor rows/s',
        'floor / run',
        'CPU µs/row core',
        'SDK',
        'server',
        'floor SDK µs/row',
        'requests',
        'reads/row',
        'writes/row',
        'RRU',
        'WRU',
        'USD / M rows',
      ],
      sdk.runs.map((run) => [
        run.label,
        int(run.rows),
        int(run.rowsPerSec),
        int(run.floor.rowsPerSec),
        ratio(run.ratioToSdkFloor),
        us(run.cpuUsPerRow.core),
        us(run.cpuUsPerRow.sdk),
        us(run.cpuUsPerRow.server),
        us(run.floor.sdkUsPerRow),
        int(run.requests),
        ratio(run.readsPerRow),
        ratio(run.writesPerRow),
        int(run.readUnits),
        int(run.writeUnits),
        run.usdPerMillionRows.toFixed(3),
      ]),
    ),
    '',
    `Cost: DynamoDB on-demand request units at ${prices.region} prices, USD ${prices.readRequestUnit} per million read`,
    `request units and USD ${prices.writeRequestUnit} per million write request units (standard table class), counted by the`,
    'server as DynamoDB bills them: each item read rounded up to 4 KB (half a unit eventually consistent), each write to',
    '1 KB of the larger of the old and new item, a second write when the item is in the GSI, a failed condition still',
    'one write. Storage, S3, Lambda and SQS are not in it. Export rows are records written; recipient rows are lines.',
    '',
    '### First SDK-path measurement (before any optimisation of this path)',
    '',
    FIRST_SDK_MEASUREMENT.note,
    '',
    markdownTable(
      ['run', 'CPU µs/row core', 'SDK', 'server', 'requests/row', 'floor / run', 'USD / M rows'],
      FIRST_SDK_MEASUREMENT.runs.map((run) => [
        run.label,
        us(run.core),
        us(run.sdk),
        us(run.server),
        ratio(run.requestsPerRow),
        ratio(run.ratioToSdkFloor),
        run.usdPerMillionRows.toFixed(3),
      ]),
    ),
    '',
    '### Changes made to cut it, and what each measured',
    '',
    markdownTable(
      ['commit', 'change', 'measured'],
      SDK_PATH_STEPS.map((step) => [step.commit, step.change, step.measured]),
    ),
    '',
    SDK_PATH_NEXT,
    '',
    ...lightClientMarkdown(r),
  ];
}

/** The lighter client measured side by side on the batch calls, and what was decided. */
function lightClientMarkdown(r: BenchResults): string[] {
  const lite = r.lightClient;
  const head = '### A lighter client for the batch calls, side by side';
  if (!('batchWrite' in lite)) return [head, '', `Not measured (${lite.reason}).`, ''];
  const row = (call: string, c: LightClientResults['batchWrite']) => [
    call,
    us(c.sdkUs),
    us(c.pluginUs),
    us(c.productUs),
    ratio(c.ratio),
  ];
  return [
    head,
    '',
    'The batch calls through the SDK’s cached low-level client (as the product sent them before, util-dynamodb',
    'marshalling), through `@aws-lite/dynamodb` (the plugin’s own marshalling), and through the product’s path now',
    '(`batchWrite`/`batchGet`: util-dynamodb marshalling, `DynamoBatchClient` sending that wire JSON with',
    `\`@aws-lite/client\`) send the same member items to the same server process, ${int(lite.requestsPerRound)} requests a round, 16 in`,
    `flight, ${lite.rounds} interleaved rounds after a warm-up; client-process CPU per request, medians.`,
    '',
    markdownTable(
      ['call', 'SDK µs CPU/request', '@aws-lite/dynamodb', 'product (@aws-lite/client)', 'product / SDK'],
      [row('BatchWriteItem, 25 items', lite.batchWrite), row('BatchGetItem, 100 keys', lite.batchGet)],
    ),
    '',
    LIGHT_CLIENT_DECISION,
    '',
  ];
}
