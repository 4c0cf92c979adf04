import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client, type SFTPWrapper, type Stats } from 'ssh2';
import { DependencyError } from '../errors/index.ts';
import { digestStream } from '../ingest/digestStream.ts';
import { DestinationRefusedError } from './DestinationRefusedError.ts';
import { hostKeySha256 } from './hostKeySha256.ts';
import { md5Of } from './md5Of.ts';
import type { DeliveryFile, PartnerStorage } from './PartnerStorage.ts';

/** Where and as whom to log in; the host key must match `hostKeySha256` or nothing is sent. */
export interface SftpLogin {
  host: string;
  port: number;
  user: string;
  privateKeyPem: string;
  hostKeySha256: string;
  /** Remote folder of the files. */
  path: string;
  readyTimeoutMs?: number;
}

/** SFTP status 2: no such file. */
const NO_SUCH_FILE = 2;

const call = <T>(run: (done: (error: Error | null | undefined, value: T) => void) => void) =>
  new Promise<T>((resolve, reject) => run((error, value) => (error ? reject(error) : resolve(value))));

/**
 * A partner's SFTP folder. A file is written under a hidden temporary name (`.<name>.part`), its
 * size and MD5 verified by reading it back, and only then renamed to its final name, so a partner
 * polling the folder never sees a half-written file, and a crash leaves at most a `.part` that the
 * next attempt overwrites. The server's host key must match the configured SHA-256 fingerprint.
 *
 * @example
 * const storage = new SftpPartnerStorage({ host: 'sftp.example.com', port: 22, user: 'ab', privateKeyPem, hostKeySha256, path: 'in' });
 * await storage.put(file, () => openBody(file));
 * await storage.close();
 */
export class SftpPartnerStorage implements PartnerStorage {
  private connection: Promise<{ client: Client; sftp: SFTPWrapper }> | undefined;

  constructor(private readonly login: SftpLogin) {}

  locationOf(name: string): string {
    const { user, host, port } = this.login;
    return `sftp://${user}@${host}:${port}/${this.pathOf(name).replace(/^\//, '')}`;
  }

  async holds(file: DeliveryFile): Promise<boolean> {
    return this.matches(this.pathOf(file.name), file);
  }

  async put(file: DeliveryFile, body: () => Promise<Readable>): Promise<void> {
    const { sftp } = await this.connect();
    const final = this.pathOf(file.name);
    const part = this.pathOf(`.${file.name}.part`);
    const { stream, digest } = digestStream(await body());
    await pipeline(stream, sftp.createWriteStream(part, { flags: 'w' }));
    if (digest.bytes !== file.bytes || digest.md5() !== file.md5) {
      throw new DependencyError(`${file.name}: the published file changed while it was read`);
    }
    if (!(await this.matches(part, file))) {
      throw new DependencyError(`${file.name}: the uploaded file does not match its size and MD5`);
    }
    try {
      await call<void>((done) => sftp.rename(part, final, (error) => done(error, undefined)));
    } catch (error) {
      // SFTP v3 renames refuse an existing target: a re-delivery replaces the earlier copy.
      if (!(await this.stat(final))) throw error;
      await call<void>((done) => sftp.unlink(final, (e) => done(e, undefined)));
      await call<void>((done) => sftp.rename(part, final, (e) => done(e, undefined)));
    }
  }

  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    if (connection) (await connection.catch(() => undefined))?.client.end();
  }

  private pathOf(name: string): string {
    return posix.join(this.login.path, name);
  }

  private async matches(path: string, file: DeliveryFile): Promise<boolean> {
    const stats = await this.stat(path);
    if (stats?.size !== file.bytes) return false;
    const { sftp } = await this.connect();
    const read = await md5Of(sftp.createReadStream(path));
    return read.bytes === file.bytes && read.md5 === file.md5;
  }

  private async stat(path: string): Promise<Stats | undefined> {
    const { sftp } = await this.connect();
    try {
      return await call<Stats>((done) => sftp.stat(path, done));
    } catch (error) {
      if ((error as { code?: unknown }).code === NO_SUCH_FILE) return undefined;
      throw error;
    }
  }

  private connect(): Promise<{ client: Client; sftp: SFTPWrapper }> {
    this.connection ??= this.open();
    const connection = this.connection;
    // A failed connection is not kept: the next attempt dials again.
    connection.catch(() => {
      if (this.connection === connection) this.connection = undefined;
    });
    return connection;
  }

  private async open(): Promise<{ client: Client; sftp: SFTPWrapper }> {
    const { host, port, user, privateKeyPem, hostKeySha256: expected } = this.login;
    const client = new Client();
    let presented: string | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        client.once('ready', resolve);
        client.once('error', reject);
        client.connect({
          host,
          port,
          username: user,
          privateKey: privateKeyPem,
          readyTimeout: this.login.readyTimeoutMs ?? 20_000,
          hostVerifier: (key: Buffer) => {
            presented = hostKeySha256(key);
            return presented === expected;
          },
        });
      });
    } catch (error) {
      client.end();
      if (presented !== undefined && presented !== expected) {
        throw new DestinationRefusedError(
          `destination: the SFTP host key is ${presented}, not the configured hostKeySha256`,
          { field: 'hostKeySha256' },
        );
      }
      if ((error as { level?: unknown }).level === 'client-authentication') {
        throw new DestinationRefusedError(`destination: the SFTP server refused the login of ${user}`, {
          field: 'user',
        });
      }
      throw new DependencyError(
        `destination: cannot reach the SFTP server ${host}:${port}`,
        {},
        { cause: error },
      );
    }
    client.on('error', () => {
      // Errors after login surface through the pending call; the connection is then re-dialled.
      this.connection = undefined;
    });
    const sftp = await call<SFTPWrapper>((done) => client.sftp(done));
    return { client, sftp };
  }
}
