import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { aamOutboundLines } from './aamOutboundLines.ts';
import { aepCsvLines } from './aepCsvLines.ts';
import type { DropSpec } from './DropSpec.ts';
import { recipientsCsvLines } from './recipientsCsvLines.ts';
import { writeDrop } from './writeDrop.ts';

/** One generated drop file: where it is on disk, the S3 key it is dropped under, and what it holds. */
export interface BenchDrop {
  kind: 'aam-outbound' | 'aam-outbound-one-segment' | 'aep-csv' | 'recipients-csv';
  path: string;
  /** The object key under `inbound/`; its name is what format detection reads. */
  key: string;
  spec: DropSpec;
  gzip: boolean;
}

/** The AEP segment the generated CSVs are an export of. */
export const AEP_SEGMENT_ID = '12341e18-abcd-49c2-836d-123c88e76c39';

const NAMES = {
  'aam-outbound': 'S3_1234_55555_Bench_iter_1486140844000.sync.gz',
  'aam-outbound-one-segment': 'S3_1234_55555_BenchOne_iter_1486140844000.sync.gz',
  'aep-csv': `bench_segment${AEP_SEGMENT_ID}_20261126090000.csv`,
  'recipients-csv': 'recipients/bench_recipients.csv',
} as const;

/** The drop of `kind` with `rows` rows and `seed`, without generating it. */
export function benchDrop(dataDir: string, kind: BenchDrop['kind'], rows: number, seed: number): BenchDrop {
  const name = NAMES[kind];
  const spec: DropSpec = { rows, seed, segments: kind === 'aam-outbound-one-segment' ? 'one' : 'many' };
  return {
    kind,
    path: join(dataDir, `seed${seed}-${rows}`, name.replace('/', '_')),
    key: `inbound/${name}`,
    spec,
    gzip: kind.startsWith('aam-'),
  };
}

/**
 * Generates the drop unless an identical one (same kind, rows and seed) is already on disk. A file
 * is written under a temporary name and renamed when complete, so an interrupted run never leaves
 * a truncated drop that a later run would trust.
 *
 * @example
 * const drop = await ensureDrop('bench/data', 'aam-outbound', 100_000, 8);
 */
export async function ensureDrop(
  dataDir: string,
  kind: BenchDrop['kind'],
  rows: number,
  seed: number,
): Promise<BenchDrop> {
  const drop = benchDrop(dataDir, kind, rows, seed);
  if (existsSync(drop.path)) return drop;
  const partial = `${drop.path}.partial`;
  await rm(partial, { force: true });
  const chunks =
    kind === 'aep-csv'
      ? aepCsvLines(drop.spec)
      : kind === 'recipients-csv'
        ? recipientsCsvLines(drop.spec)
        : aamOutboundLines(drop.spec);
  await writeDrop(partial, chunks, drop.gzip);
  await rename(partial, drop.path);
  return drop;
}
