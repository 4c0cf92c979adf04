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
  return [
    [
      'ingest core / baseline (same file, wall clock)',
      ratio(r.ingest.ratioToBaseline),
      '≥ 0.50',
      met('ingest.ratioToBaseline'),
    ],
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
      `end to end through the local stack / baseline (${int(e2e.rows)} rows)`,
      e2e.rowsPerSec === null ? `n/a (${e2e.reason})` : ratio(e2e.ratioToBaseline),
      '',
      '',
    ],
    [
      'largest function bundle (bytes, minified, SDK external)',
      goal('bundle size')?.value === null || goal('bundle size')?.value === undefined
        ? 'n/a'
        : int(goal('bundle size')?.value ?? 0),
      '≤ 1,000,000',
      met('bundle size'),
    ],
    ['ingest core rows/s (this run only)', int(r.ingest.rowsPerSec), '', ''],
    ['baseline rows/s: gunzip + lines (this run only)', int(r.ingest.baselineRowsPerSec), '', ''],
    [`end to end rows/s (this run only)`, e2e.rowsPerSec === null ? 'n/a' : int(e2e.rowsPerSec), '', ''],
    [
      `export rows/s, ${int(exp.rows)}-member list (this run only)`,
      exp.rowsPerSec === null ? `n/a (${exp.reason})` : int(exp.rowsPerSec),
      '',
      '',
    ],
  ];
}
