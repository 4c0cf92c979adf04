import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRuleBench } from '../../../bench/ruleBench.ts';

describe('runRuleBench', () => {
  it('reads a few units per changed member on the incremental run when 1% of the input changed', async () => {
    const home = mkdtempSync(join(tmpdir(), 'ab-rule-bench-'));
    try {
      const run = await runRuleBench({ home, members: 4_000 });
      expect(run.changed).toBe(40);
      expect(run.full).toMatchObject({ evaluated: 4_000, removed: 0 });
      // Consenting non-buyers: 9 in 10 consent, the first 400 buy, so 3,240 of 4,000.
      expect(run.full.added).toBe(3_240);
      expect(run.incremental).toMatchObject({ evaluated: 40, added: 18, removed: 18 });
      // Per changed member: a point read in each input, the recipient and the rule list's own item.
      expect(run.incremental.itemReads / run.changed).toBeLessThanOrEqual(4.5);
      expect(run.readUnitsPerChangedMember).toBeLessThanOrEqual(2.5);
      expect(run.fullReadUnitsPerMember).toBeGreaterThan(run.readUnitsPerChangedMember / 4);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }, 60_000);
});
