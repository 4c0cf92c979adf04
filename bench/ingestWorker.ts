/**
 * One ingest-core run in its own process, for the memory figures: `node --import tsx
 * bench/ingestWorker.ts <dataDir> <kind> <rows> <seed> [iter|full]` (`full`: the same drop named a
 * `full` file, so its lists are replaced and the members it saw are marked). Identities are synthetic and member items
 * are counted but not kept, so nothing in the process grows with the drop but the pipeline itself.
 * Prints one JSON line: rows, ms, cpuMs, rowsPerSec, maxRssMb (peak resident set, whole process).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BenchDrop, ensureDrop } from './generate/index.ts';
import { IngestBench } from './IngestBench.ts';

const [dataDir = 'bench/data', kind = 'aam-outbound', rowsArg = '100000', seedArg = '8', mode = 'iter'] =
  process.argv.slice(2);
const rows = Number(rowsArg);
const seed = Number(seedArg);
const home = mkdtempSync(join(tmpdir(), 'ab-bench-worker-'));
try {
  const generated = await ensureDrop(dataDir, kind as BenchDrop['kind'], rows, seed);
  const drop = { ...generated, key: generated.key.replace('_iter_', `_${mode}_`) };
  const bench = new IngestBench({ home, identities: 'synthetic', retainMembers: false, seed });
  await bench.seed(rows);
  const run = await bench.run(drop);
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    `${JSON.stringify({
      rows: run.rows,
      ms: run.ms,
      cpuMs: run.cpuMs,
      rowsPerSec: run.rowsPerSec,
      maxRssMb,
      membershipsAdded: run.receipt.membershipsAdded,
      unmatchedIds: run.receipt.unmatchedIds,
    })}\n`,
  );
} finally {
  rmSync(home, { recursive: true, force: true });
}
