import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../../cli/main.ts';

const DIR = join(import.meta.dirname, '../../fixtures/drops');
const files = readdirSync(DIR).filter((name) => !name.endsWith('.inspect.json'));

/** `audience-bridge inspect --json FILE`: its exit code and the receipt it printed. */
async function inspect(file: string): Promise<{ exitCode: number; receipt: unknown }> {
  let out = '';
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const exitCode = await main(['inspect', '--json', file]);
    return { exitCode, receipt: JSON.parse(out) };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe('partner fixtures (tests/fixtures/drops)', () => {
  it('has a real-world file for each form docs/formats.md lists', () => {
    expect(files).toEqual([
      'AdobeSample_segment12341e18-abcd-49c2-836d-123c88e76c39_20261201120000.csv',
      'AttributesOnly_segment12341e18-abcd-49c2-836d-123c88e76c39_20261201130000.csv',
      'S3_1234_20914_XYZCustomer_iter_1486140844000.sync',
      'c2c_id_20915_163_1486140844.sync',
    ]);
  });

  for (const name of files) {
    it(`inspects ${name} to its expected receipt and exit code`, async () => {
      const expected = JSON.parse(readFileSync(join(DIR, `${name}.inspect.json`), 'utf8'));
      expect(await inspect(join(DIR, name))).toEqual(expected);
    });
  }
});
