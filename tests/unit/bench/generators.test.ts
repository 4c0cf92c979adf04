import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import {
  aamOutboundLines,
  aamOutboundRow,
  aepCsvRow,
  ensureDrop,
  visitorId,
} from '../../../bench/generate/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'ab-bench-gen-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

describe('aamOutboundLines', () => {
  it('yields the same bytes on every run when the seed is the same', () => {
    const a = [...aamOutboundLines({ rows: 2_000, seed: 8, segments: 'many' }, 300)].join('');
    const b = [...aamOutboundLines({ rows: 2_000, seed: 8, segments: 'many' }, 700)].join('');
    expect(sha(a)).toBe(sha(b));
    expect(a.split('\n')).toHaveLength(2_001);
  });

  it('makes the small file a prefix of the large one when only the row count differs', () => {
    const small = [...aamOutboundLines({ rows: 500, seed: 8, segments: 'many' })].join('');
    const large = [...aamOutboundLines({ rows: 5_000, seed: 8, segments: 'many' })].join('');
    expect(large.startsWith(small)).toBe(true);
  });

  it('changes the rows when the seed changes', () => {
    expect(aamOutboundRow({ rows: 1, seed: 8, segments: 'many' }, 0)).not.toBe(
      aamOutboundRow({ rows: 1, seed: 9, segments: 'many' }, 0),
    );
  });

  it('writes valid 38-digit visitor IDs whose halves fit a signed 64-bit integer', () => {
    for (let i = 0; i < 1_000; i += 1) {
      const id = visitorId(8, i);
      expect(id).toMatch(/^\d{38}$/);
      expect(BigInt(id.slice(0, 19)) <= 9223372036854775807n).toBe(true);
      expect(BigInt(id.slice(19)) <= 9223372036854775807n).toBe(true);
    }
  });

  it('puts every row in segment 4321 only when the drop is one segment', () => {
    const rows = [...aamOutboundLines({ rows: 100, seed: 8, segments: 'one' })]
      .join('')
      .trimEnd()
      .split('\n');
    expect(rows.every((row) => row.split(' ')[1] === '4321')).toBe(true);
  });
});

describe('aepCsvRow', () => {
  it('writes the visitor ID, a mixed-case email and a status when asked for row 1', () => {
    expect(aepCsvRow({ rows: 2, seed: 8, segments: 'many' }, 1)).toBe(
      `${visitorId(8, 1)},User1@example.com,${aepCsvRow({ rows: 2, seed: 8, segments: 'many' }, 1).split(',')[2]},realized`,
    );
  });
});

describe('ensureDrop', () => {
  it('writes a gzipped AAM outbound file whose content equals the generator output', async () => {
    const drop = await ensureDrop(dir, 'aam-outbound', 1_000, 8);
    const text = gunzipSync(readFileSync(drop.path)).toString('utf8');
    expect(text).toBe([...aamOutboundLines({ rows: 1_000, seed: 8, segments: 'many' })].join(''));
    expect(drop.key).toBe('inbound/S3_1234_55555_Bench_iter_1486140844000.sync.gz');
  });

  it('writes a plain AEP CSV with a header and one line per row', async () => {
    const drop = await ensureDrop(dir, 'aep-csv', 250, 8);
    const lines = readFileSync(drop.path, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(251);
    expect(lines[0]).toBe('ECID,Email,person_name_firstName,segmentMembership_status');
    expect(drop.gzip).toBe(false);
  });
});
