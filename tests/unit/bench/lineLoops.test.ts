import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { baselineRead, timeLines } from '../../../bench/baselineRead.ts';
import { minimalIngestLoop } from '../../../bench/minimalIngestLoop.ts';

const dir = mkdtempSync(join(tmpdir(), 'ab-bench-loops-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const A = '1'.repeat(38);
const B = '2'.repeat(38);
const UNKNOWN = '3'.repeat(38);

function gz(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, gzipSync(Buffer.from(text, 'utf8')));
  return path;
}

describe('timeLines', () => {
  it('hands every non-blank line over once, the last one without a final newline too', async () => {
    const path = gz('lines.gz', 'a\n\nbé\nc');
    const seen: string[] = [];
    const timed = await timeLines(path, true, (line) => seen.push(line));
    expect(seen).toEqual(['a', 'bé', 'c']);
    expect(timed.rows).toBe(3);
  });
});

describe('baselineRead', () => {
  it('counts the non-blank lines of a gzipped file', async () => {
    expect((await baselineRead(gz('base.gz', `${A} 1\n${B} 2\n\n`), true)).rows).toBe(2);
  });
});

describe('minimalIngestLoop', () => {
  it('counts one change per new membership and per removal of a present one, skipping bad and unknown rows', async () => {
    const path = gz(
      'minimal.gz',
      [
        `${A} 10,11 `, // 2 adds
        `${B} 10 11`, // 1 add; 11 was never B's: no change
        `${A} 10 11`, // 10 already there; removes A from 11: 1 change
        `${UNKNOWN} 10 `, // not a known ID
        `${A.slice(1)} 12 `, // 37 digits
        `${B} x1 `, // a segment that is not digits
      ].join('\n'),
    );
    const known = new Map([
      [A, 'r-a'],
      [B, 'r-b'],
    ]);
    const run = await minimalIngestLoop(path, known);
    expect(run.rows).toBe(6);
    expect(run.changes).toBe(4);
  });
});
