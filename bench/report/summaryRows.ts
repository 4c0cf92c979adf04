import type { BenchResults } from '../BenchResults.ts';
import { int, ratio } from './format.ts';

/**
 * The headline table (metric, this run, goal, met), shared by the console print and
 * docs/performance.md so both say exactly the same thing.
 */
export function summaryRows(r: BenchResults): string[][] {
  const goal = (name: string) => r.goals.find((g) => g.name === name);
  const met = (name: string) => {
    const g = goal(name);
    return g?.met === null || g?.met === undefined ? '–' : g.met ? 'yes' : 'NO';
  };
  const e2e = r.endToEnd;
  const exp = r.export;
  const iter = 'runs' in r.sdkPath ? r.sdkPath.runs[0] : undefined;
  const sdkGoal = goal('SDK CPU per row');
  return [
    [
      'SDK path, iter drop: floor time / ingest time',
      ratio(r.ingest.ratioToSdkFloor),
      '≥ 0.80',
      met('ingest.ratioToSdkFloor'),
    ],
    [
      'SDK path, iter drop: SDK client CPU µs per row',
      iter ? iter.cpuUsPerRow.sdk.toFixed(0) : 'n/a',
      sdkGoal?.target.replace('<=', '≤') ?? '',
      met('SDK CPU per row'),
    ],
    [
      'scale-out: rows per worker-CPU-second, 8 ranges / whole',
      'one' in r.scaleOut ? ratio(r.scaleOut.efficiency) : 'n/a',
      '≥ 0.90',
      met('scaleOut.efficiency'),
    ],
    [
      'SDK path, iter drop: CPU µs per row, core / SDK / server',
      iter
        ? [iter.cpuUsPerRow.core, iter.cpuUsPerRow.sdk, iter.cpuUsPerRow.server]
            .map((n) => n.toFixed(0))
            .join(' / ')
        : 'n/a',
      '',
      '',
    ],
    [
      'SDK path, iter drop: DynamoDB item reads / writes per row',
      iter ? `${ratio(iter.readsPerRow)} / ${ratio(iter.writesPerRow)}` : 'n/a',
      '',
      '',
    ],
    [
      'SDK path, iter drop: USD per million rows (DynamoDB on-demand)',
      r.cost.usdPerMillionRows === null ? 'n/a' : r.cost.usdPerMillionRows.toFixed(3),
      '',
      '',
    ],
    ['SDK path, iter drop: rows/s (this run only)', iter ? int(iter.rowsPerSec) : 'n/a', '', ''],
    ['ingest core / baseline (same file, wall clock; CPU only)', ratio(r.ingest.ratioToBaseline), '', ''],
    ['ingest core / baseline (CPU time)', ratio(r.ingest.ratioToBaselineCpu), '', ''],
    [
      `ingest core with ${r.ingest.withLatency.latencyMs} ms per DynamoDB request / baseline`,
      ratio(r.ingest.withLatency.ratioToBaseline),
      '',
      '',
    ],
    [
      'hand-written minimum (split, check, 1 lookup, delta; no store) / baseline',
      ratio(r.ingest.minimalLoop.ratioToBaseline),
      '',
      '',
    ],
    ['AEP CSV ingest / baseline', ratio(r.ingest.aep.ratioToBaseline), '', ''],
    ['DynamoDB requests / minimum', ratio(r.dynamodb.requestRatio), '≤ 1.10', met('dynamodb.requestRatio')],
    [
      'hottest partition key share of writes (one-segment drop)',
      ratio(r.dynamodb.hottestKeyShare),
      '≤ 0.06 (1/16)',
      met('dynamodb.hottestKeyShare'),
    ],
    [
      `peak RSS growth ${int(r.memory.rowsLarge)} vs ${int(r.memory.rowsSmall)} rows (MB)`,
      r.memory.rssGrowthMb.toFixed(1),
      '≤ 64',
      met('memory.rssGrowthMb'),
    ],
    [
      `peak RSS growth, full drop of one segment: ${int(r.memory.full.membersLarge)} vs ${int(r.memory.full.membersSmall)} members (MB)`,
      r.memory.full.rssGrowthMb.toFixed(1),
      '≤ 64',
      met('memory.fullRssGrowthMb'),
    ],
    [
      `end to end through the local stack / baseline (${int(e2e.rows)} rows)`,
      e2e.rowsPerSec === null ? `n/a (${e2e.reason})` : ratio(e2e.ratioToBaseline),
      '',
      '',
    ],
    [
      'largest function bundle (bytes, minified, SDK excluded)',
      goal('bundle size')?.value === null || goal('bundle size')?.value === undefined
        ? 'n/a'
        : int(goal('bundle size')?.value ?? 0),
      '≤ 1,000,000',
      met('bundle size'),
    ],
    ['ingest core rows/s (this run only)', int(r.ingest.rowsPerSec), '', ''],
    ['baseline rows/s: gunzip + lines (this run only)', int(r.ingest.baselineRowsPerSec), '', ''],
    [
      'end to end through the local stack: dynalite floor time / end-to-end time',
      e2e.rowsPerSec === null ? 'n/a' : ratio(e2e.ratioToFloor),
      '',
      '',
    ],
    [`end to end rows/s (this run only)`, e2e.rowsPerSec === null ? 'n/a' : int(e2e.rowsPerSec), '', ''],
    [
      `export rows/s, ${int(exp.rows)}-member list (this run only)`,
      exp.rowsPerSec === null ? `n/a (${exp.reason})` : int(exp.rowsPerSec),
      '',
      '',
    ],
  ];
}
