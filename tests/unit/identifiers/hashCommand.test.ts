import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../cli/main.ts';

describe('hashCommand', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out += String(chunk);
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      err += String(chunk);
      return true;
    });
    const code = await main(argv);
    return { code, out, err };
  }

  it('prints the normalised SHA-256 when the type is email', async () => {
    expect(await run(['hash', '--type', 'email', '  JohnDoe@Example.com'])).toEqual({
      code: 0,
      out: '55e79200c1635b37ad31a378c39feb12f120f116625093a19bc32fff15041149\n',
      err: '',
    });
  });

  it('prints the E.164 SHA-256 when the type is phone', async () => {
    const { code, out } = await run(['hash', '--type', 'phone', '+1 (650) 253-0000']);
    expect([code, out]).toEqual([0, '3ad9f10d73829a714b1383221691d4dbf08484f3ceeae884f53053a1c7bb0a92\n']);
  });

  it('exits 2 naming the rule, not the value, when the email is malformed', async () => {
    const { code, out, err } = await run(['hash', '--type', 'email', 'secret-not-an-email']);
    expect([code, out, err]).toEqual([2, '', 'audience-bridge: value: expected an email address\n']);
  });
});
