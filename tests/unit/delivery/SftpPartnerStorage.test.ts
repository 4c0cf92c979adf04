import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DestinationRefusedError, SftpPartnerStorage } from '../../../shared/delivery/index.ts';
import { startSftpServer, type TestSftpServer } from '../../helpers/sftpServer.ts';

const fileOf = (name: string, body: Buffer) => ({
  name,
  bytes: body.length,
  md5: createHash('md5').update(body).digest('hex'),
});

describe('SftpPartnerStorage', () => {
  let server: TestSftpServer;
  beforeAll(async () => {
    server = await startSftpServer();
  });
  afterAll(() => server.close());

  const storage = (overrides: Partial<ConstructorParameters<typeof SftpPartnerStorage>[0]> = {}) =>
    new SftpPartnerStorage({
      host: server.host,
      port: server.port,
      user: server.user,
      privateKeyPem: server.privateKeyPem,
      hostKeySha256: server.hostKeySha256,
      path: 'in',
      ...overrides,
    });

  it('writes a file under a temporary name, verifies it, then renames it, when the host key matches', async () => {
    const body = Buffer.from('a\tb\r\nc\n'.repeat(10_000));
    const file = fileOf('ftp_dpm_1_1.sync', body);
    const sftp = storage();
    try {
      expect(await sftp.holds(file)).toBe(false);
      await sftp.put(file, async () => Readable.from([body.subarray(0, 1000), body.subarray(1000)]));
      expect(await sftp.holds(file)).toBe(true);
      expect(await sftp.holds({ ...file, md5: '0'.repeat(32) })).toBe(false);
    } finally {
      await sftp.close();
    }
    expect(server.read('in/ftp_dpm_1_1.sync').equals(body)).toBe(true);
    expect(server.renames.at(-1)).toEqual({ from: 'in/.ftp_dpm_1_1.sync.part', to: 'in/ftp_dpm_1_1.sync' });
    expect(existsSync(join(server.root, 'in/.ftp_dpm_1_1.sync.part'))).toBe(false);
    expect(sftp.locationOf(file.name)).toBe(`sftp://partner@127.0.0.1:${server.port}/in/ftp_dpm_1_1.sync`);
  });

  it('replaces the earlier copy when the same file is put again (a re-delivery)', async () => {
    const body = Buffer.from('second round\n');
    const sftp = storage();
    try {
      await sftp.put(fileOf('again.sync', Buffer.from('first\n')), async () =>
        Readable.from([Buffer.from('first\n')]),
      );
      await sftp.put(fileOf('again.sync', body), async () => Readable.from([body]));
    } finally {
      await sftp.close();
    }
    expect(server.read('in/again.sync').toString()).toBe('second round\n');
  });

  it('refuses to send anything when the host key does not match its fingerprint', async () => {
    const sftp = storage({ hostKeySha256: `SHA256:${'A'.repeat(43)}` });
    const body = Buffer.from('x\n');
    const error = await sftp
      .put(fileOf('never.sync', body), async () => Readable.from([body]))
      .catch((e) => e);
    expect(error).toBeInstanceOf(DestinationRefusedError);
    expect(error.message).toBe(
      `destination: the SFTP host key is ${server.hostKeySha256}, not the configured hostKeySha256`,
    );
    expect(existsSync(join(server.root, 'in/.never.sync.part'))).toBe(false);
    await sftp.close();
  });

  it('fails for good when the server refuses the login', async () => {
    const sftp = storage({ user: 'someone-else' });
    const error = await sftp.holds(fileOf('x', Buffer.from('x'))).catch((e) => e);
    expect(error).toBeInstanceOf(DestinationRefusedError);
    expect(error.message).toBe('destination: the SFTP server refused the login of someone-else');
    await sftp.close();
  });
});
