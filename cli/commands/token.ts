import { Command, InvalidArgumentError, Option } from 'commander';
import { loadSigningKey, SCOPES, signToken } from '../../shared/auth/index.ts';
import { loadConfig } from '../../shared/config/index.ts';

function parseScope(value: string): string {
  const scopes = value.split(/\s+/).filter(Boolean);
  const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (scopes.length === 0 || unknown.length > 0) {
    throw new InvalidArgumentError(`expected space-separated scopes among: ${SCOPES.join(' ')}`);
  }
  return scopes.join(' ');
}

function parseTtl(value: string): number {
  const ttl = Number(value);
  if (!/^\d+$/.test(value) || ttl < 1 || ttl > 31_536_000) {
    throw new InvalidArgumentError('expected whole seconds between 1 and 31536000');
  }
  return ttl;
}

/**
 * `audience-bridge token [--scope "s1 s2"] [--ttl 3600]`: prints a bearer token the local stack
 * accepts, signed with the key in `AB_HOME` (made on first use, shared with `dev`).
 */
export const tokenCommand = new Command('token')
  .description('print a bearer token accepted by the local stack (all scopes by default)')
  .addOption(
    new Option('--scope <scopes>', 'space-separated scopes').argParser(parseScope).default(SCOPES.join(' ')),
  )
  .addOption(new Option('--ttl <seconds>', 'lifetime in seconds').argParser(parseTtl).default(3600))
  .addOption(new Option('--subject <sub>', 'token subject').default('local-user'))
  .action(async (options: { scope: string; ttl: number; subject: string }) => {
    const config = loadConfig();
    const key = await loadSigningKey(config.home);
    const token = await signToken({
      key,
      issuer: config.jwtIssuer,
      audience: config.jwtAudience,
      subject: options.subject,
      scope: options.scope,
      ttlSeconds: options.ttl,
    });
    process.stdout.write(`${token}\n`);
  });
