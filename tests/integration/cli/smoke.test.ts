import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSmoke } from '../../../cli/commands/smoke.ts';
import type { CliIo } from '../../../cli/io.ts';
import { main } from '../../../cli/main.ts';
import { startTestStack, type TestStack } from '../../helpers/localStack.ts';

function capture(env: NodeJS.ProcessEnv): CliIo & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), env, interactive: false };
}

describe('audience-bridge smoke --local', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack.stop());

  it('drops a file, waits for its job, reads the list, exports it and reads the file back', async () => {
    const io = capture({ AB_PORT: new URL(stack.apiUrl).port, AB_HOME: stack.home });
    process.exitCode = undefined;
    await runSmoke({ local: true }, io);
    expect(process.exitCode).toBeUndefined();
    expect(io.errors).toEqual([]);
    const steps = io.lines.map((line) =>
      line.replace(/ \(\d+\.\d s\)$/, '').replace(/iter_\d{13}/, 'iter_<ms>'),
    );
    expect(steps).toEqual([
      `smoke check against ${stack.apiUrl}`,
      '✓ health',
      '✓ partner, recipient and its visitor ID',
      '✓ drop inbound/audience-bridge-smoke/S3_1234_163_iter_<ms>.sync',
      '✓ ingest job',
      '✓ list aam.990001',
      '✓ export',
      '✓ published file',
      'smoke check passed',
    ]);
    // A second run passes on the same data: it takes the recipient out first, so its drop adds it again.
    const again = capture(io.env);
    await runSmoke({ local: true }, again);
    expect(again.lines.at(-1)).toBe('smoke check passed');
    expect((await stack.fetchJson('/v1/lists/aam.990001')).body).toMatchObject({ size: 1 });
  });

  it('exits 1 naming the failing step when the stack is not there', async () => {
    const io = capture({ AB_PORT: '1', AB_HOME: stack.home });
    try {
      await runSmoke({ local: true }, io);
      expect(process.exitCode).toBe(1);
    } finally {
      process.exitCode = undefined;
    }
    expect(io.lines).toEqual([
      'smoke check against http://127.0.0.1:1',
      '✗ health: cannot reach the API at http://127.0.0.1:1 (is `npm start` running?)',
    ]);
    expect(io.errors).toEqual(['smoke check failed at step: health']);
  });

  it('refuses --aws without the API URL (a usage error)', async () => {
    expect(await main(['smoke', '--aws'])).toBe(2);
  });
});
