import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main, USAGE_EXIT_CODE } from '../../../cli/main.ts';
import { loadSigningKey, verifyToken } from '../../../shared/auth/index.ts';

/** Runs the CLI in-process and captures what it writes. */
async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += chunk.toString();
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += chunk.toString();
    return true;
  });
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
  }
}

describe('main', () => {
  let home: string;
  const previousHome = process.env.AB_HOME;
  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'ab-cli-'));
    process.env.AB_HOME = home;
  });
  afterAll(() => {
    if (previousHome === undefined) delete process.env.AB_HOME;
    else process.env.AB_HOME = previousHome;
    rmSync(home, { recursive: true, force: true });
  });

  it('exits 2 when the command is unknown', async () => {
    const { code, stderr } = await cli(['no-such-command']);
    expect(code).toBe(USAGE_EXIT_CODE);
    expect(stderr).toContain("unknown command 'no-such-command'");
  });

  it('exits 2 when an option value is invalid', async () => {
    expect((await cli(['token', '--scope', 'audiences:read nope'])).code).toBe(2);
    expect((await cli(['token', '--ttl', '0'])).code).toBe(2);
    expect((await cli(['token', '--unknown'])).code).toBe(2);
  });

  it('exits 0 when help is asked', async () => {
    const { code, stdout } = await cli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('token');
  });

  it('prints a token with every scope when token has no options', async () => {
    const { code, stdout } = await cli(['token']);
    expect(code).toBe(0);
    const key = await loadSigningKey(home);
    const claims = await verifyToken(stdout.trim(), {
      issuer: 'audience-bridge-local',
      audience: 'audience-bridge',
      keys: [key.publicJwk],
    });
    expect(claims.scope).toBe('audiences:read audiences:write identities:read identities:write admin');
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(3600);
  });

  it('prints a token with the given scopes and lifetime when options are set', async () => {
    const { stdout } = await cli(['token', '--scope', 'identities:read  admin', '--ttl', '120']);
    const key = await loadSigningKey(home);
    const claims = await verifyToken(stdout.trim(), {
      issuer: 'audience-bridge-local',
      audience: 'audience-bridge',
      keys: [key.publicJwk],
    });
    expect(claims.scope).toBe('identities:read admin');
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(120);
  });
});
