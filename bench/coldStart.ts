import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Fresh processes per module: the median damps the machine's noise (two shared cores). */
const RUNS = 7;

/** Prints how long importing argv[1] took, measured inside a fresh process (its own start excluded). */
const PROBE = `const t = performance.now(); await import(process.argv[1]); process.stdout.write(String(performance.now() - t));`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function importMs(file: string): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', PROBE, pathToFileURL(file).href], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', AWS_REGION: 'us-east-1' },
    });
    if (run.status !== 0) throw new Error(`importing ${file} failed: ${run.stderr.split('\n')[0]}`);
    times.push(Number(run.stdout));
  }
  return median(times);
}

/**
 * The module-load part of a Lambda cold start: each file imported in fresh Node processes
 * (median of 7), beside the same import of an empty module in this run, the floor every cold
 * start pays. Ratios within one run are what the bench compares.
 */
export function coldStart(files: string[]): { emptyMs: number; importMs: number[] } {
  const empty = join(mkdtempSync(join(tmpdir(), 'ab-empty-')), 'empty.mjs');
  writeFileSync(empty, 'export {};\n');
  return { emptyMs: importMs(empty), importMs: files.map(importMs) };
}
