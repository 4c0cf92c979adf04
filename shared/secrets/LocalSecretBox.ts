import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DependencyError } from '../errors/index.ts';
import { gcmOpen, gcmSeal } from './gcm.ts';
import type { SecretBox, SecretOwner } from './SecretBox.ts';

/** `local2:` values are bound to their owner (GCM additional data); `local1:` ones, sealed before, are not. */
const PREFIX = 'local2:';
const LEGACY = 'local1:';

/**
 * The local stack's SecretBox: AES-256-GCM with a key kept in `<home>/secrets.key` (32 random
 * bytes, hex), created with mode 0600 on first use. Creation uses `wx` so two processes starting
 * together cannot both write a key: the loser reads the winner's. A key file that group or others
 * may read (or write) is refused: whoever reads it opens every data source's secret.
 *
 * @example
 * const box = new LocalSecretBox('.audience-bridge');
 * const sealed = await box.seal('{"keyHex":"…"}');
 */
export class LocalSecretBox implements SecretBox {
  private key: Buffer | undefined;

  constructor(private readonly home: string) {}

  async seal(plain: string, owner: SecretOwner): Promise<string> {
    return PREFIX + gcmSeal(this.loadKey(), plain, owner);
  }

  async open(sealed: string, owner: SecretOwner): Promise<string> {
    if (sealed.startsWith(PREFIX)) return gcmOpen(this.loadKey(), sealed.slice(PREFIX.length), owner);
    if (sealed.startsWith(LEGACY)) return gcmOpen(this.loadKey(), sealed.slice(LEGACY.length));
    throw new DependencyError('sealed secret: not sealed by the local key');
  }

  private loadKey(): Buffer {
    if (this.key) return this.key;
    const file = join(this.home, 'secrets.key');
    mkdirSync(this.home, { recursive: true });
    try {
      const fd = openSync(file, 'wx', 0o600);
      try {
        writeSync(fd, randomBytes(32).toString('hex'));
      } finally {
        closeSync(fd);
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const mode = statSync(file).mode & 0o777;
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
      throw new DependencyError(
        `secrets.key: readable by others (mode ${mode.toString(8).padStart(4, '0')}); run chmod 600 on it`,
      );
    }
    const hex = readFileSync(file, 'utf8').trim();
    if (!/^[0-9a-f]{64}$/.test(hex)) throw new DependencyError('secrets.key: expected 64 hex digits');
    this.key = Buffer.from(hex, 'hex');
    return this.key;
  }
}
