import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('cdk synth', () => {
  let dir: string;
  let loaded: string[];

  // Runs infra/app.ts as the CDK CLI does (context and output folder through CDK_CONTEXT_JSON and
  // CDK_OUTDIR), bundling skipped as esbuild reads handlers without loading them into the process.
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ab-synth-'));
    const log = join(dir, 'loaded.txt');
    await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--import', './tests/helpers/loadRecorder.mjs', 'infra/app.ts'],
      {
        cwd: root,
        env: {
          ...process.env,
          AB_LOAD_LOG: log,
          CDK_OUTDIR: join(dir, 'cdk.out'),
          CDK_CONTEXT_JSON: JSON.stringify({ 'aws:cdk:bundling-stacks': [] }),
        },
      },
    );
    loaded = (await readFile(log, 'utf8'))
      .split('\n')
      .filter((url) => url.startsWith('file:'))
      .map((url) => relative(root, fileURLToPath(url)));
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('loads no handler module and no AWS SDK when it synthesises the app', () => {
    expect(loaded).toContain('infra/app.ts');
    expect(loaded).toContain('shared/http/routeTables.ts');
    expect(loaded.filter((file) => file.startsWith('functions/'))).toEqual([]);
    expect(loaded.filter((file) => file.includes('@aws-sdk/'))).toEqual([]);
  });
});
