import {
  closeSync,
  fstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import ssh2 from 'ssh2';
import { hostKeySha256 } from '../../shared/delivery/index.ts';

const { Server, utils } = ssh2;
const { STATUS_CODE, OPEN_MODE } = utils.sftp;

/** Hooks of a test: stall or fail an operation (the faults a real server or network gives). */
export interface SftpHooks {
  /** Before a WRITE is applied: await it to stall the upload; return `fail` to answer FAILURE. */
  beforeWrite?: (path: string, offset: number) => Promise<'fail' | undefined> | 'fail' | undefined;
  /** After a RENAME was applied, before it is answered: await it to stall the answer. */
  afterRename?: (from: string, to: string) => Promise<void> | void;
}

/** A real SFTP server (ssh2) on a free port, serving a temporary folder, for delivery tests. */
export interface TestSftpServer {
  host: string;
  port: number;
  user: string;
  /** The client's key (OpenSSH format) the server accepts for `user`. */
  privateKeyPem: string;
  /** The server's host key fingerprint, as `ssh-keygen -lf` prints it. */
  hostKeySha256: string;
  /** The served folder on disk. */
  root: string;
  /** Every RENAME applied, in order (server paths). */
  renames: Array<{ from: string; to: string }>;
  hooks: SftpHooks;
  /** Reads a served file (a path as the client names it). */
  read(path: string): Buffer;
  close(): Promise<void>;
}

/**
 * Starts an SFTP server that accepts one user with one public key, maps client paths into a
 * temporary folder (relative paths start at its root) and implements the requests a delivery
 * sends: OPEN, WRITE, READ, CLOSE, STAT/LSTAT/FSTAT, RENAME, REMOVE and REALPATH.
 *
 * @example
 * const sftp = await startSftpServer();
 * afterAll(() => sftp.close());
 */
export async function startSftpServer(options: { user?: string } = {}): Promise<TestSftpServer> {
  const user = options.user ?? 'partner';
  const root = mkdtempSync(join(tmpdir(), 'ab-sftp-'));
  const hostKey = utils.generateKeyPairSync('ed25519');
  const clientKey = utils.generateKeyPairSync('ed25519');
  const allowed = utils.parseKey(clientKey.public);
  const host = utils.parseKey(hostKey.private);
  if (allowed instanceof Error || host instanceof Error)
    throw new Error('ssh2 could not parse a generated key');
  const renames: TestSftpServer['renames'] = [];
  const hooks: SftpHooks = {};
  const local = (path: string) => join(root, posix.normalize(`/${path}`));

  const clients = new Set<ssh2.Connection>();
  const server = new Server({ hostKeys: [hostKey.private] }, (client) => {
    clients.add(client);
    client.on('close', () => clients.delete(client));
    client.on('error', () => {
      // A client killed mid-transfer (the fault tests do that): nothing to clean up.
    });
    client.on('authentication', (ctx) => {
      const keyMatches =
        ctx.method === 'publickey' &&
        ctx.username === user &&
        ctx.key.algo === allowed.type &&
        ctx.key.data.equals(allowed.getPublicSSH());
      if (!keyMatches || ctx.method !== 'publickey') return ctx.reject(['publickey']);
      if (ctx.signature && ctx.blob && allowed.verify(ctx.blob, ctx.signature, ctx.hashAlgo) !== true) {
        return ctx.reject(['publickey']);
      }
      return ctx.accept();
    });
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        acceptSession().on('sftp', (acceptSftp) => {
          const sftp = acceptSftp();
          const handles = new Map<number, { fd: number; path: string }>();
          let next = 0;
          const handleOf = (buffer: Buffer) => handles.get(buffer.readUInt32BE(0));
          const attrsOf = (size: number) => ({ mode: 0o100644, uid: 0, gid: 0, size, atime: 0, mtime: 0 });
          const guard = (reqid: number, run: () => void) => {
            try {
              run();
            } catch (error) {
              const code = (error as NodeJS.ErrnoException).code;
              sftp.status(reqid, code === 'ENOENT' ? STATUS_CODE.NO_SUCH_FILE : STATUS_CODE.FAILURE);
            }
          };
          sftp.on('OPEN', (reqid, filename, flags) => {
            guard(reqid, () => {
              const writing = (flags & OPEN_MODE.WRITE) !== 0;
              const path = local(filename);
              if (writing) mkdirSync(posix.dirname(path), { recursive: true });
              const fd = openSync(path, writing ? 'w' : 'r');
              const id = next++;
              handles.set(id, { fd, path: filename });
              const handle = Buffer.alloc(4);
              handle.writeUInt32BE(id, 0);
              sftp.handle(reqid, handle);
            });
          });
          sftp.on('WRITE', (reqid, handle, offset, data) => {
            const open = handleOf(handle);
            if (!open) return sftp.status(reqid, STATUS_CODE.FAILURE);
            // A stalled answer may go to a client killed meanwhile: its channel is gone, so ignore that.
            void Promise.resolve(hooks.beforeWrite?.(open.path, offset))
              .then((verdict) => {
                if (verdict === 'fail') return sftp.status(reqid, STATUS_CODE.FAILURE);
                guard(reqid, () => {
                  writeSync(open.fd, data, 0, data.length, offset);
                  sftp.status(reqid, STATUS_CODE.OK);
                });
              })
              .catch(() => undefined);
          });
          sftp.on('READ', (reqid, handle, offset, length) => {
            const open = handleOf(handle);
            if (!open) return sftp.status(reqid, STATUS_CODE.FAILURE);
            guard(reqid, () => {
              const buffer = Buffer.alloc(length);
              const read = readSync(open.fd, buffer, 0, length, offset);
              if (read === 0) sftp.status(reqid, STATUS_CODE.EOF);
              else sftp.data(reqid, buffer.subarray(0, read));
            });
          });
          sftp.on('CLOSE', (reqid, handle) => {
            const id = handle.readUInt32BE(0);
            const open = handles.get(id);
            handles.delete(id);
            guard(reqid, () => {
              if (open) closeSync(open.fd);
              sftp.status(reqid, STATUS_CODE.OK);
            });
          });
          sftp.on('FSTAT', (reqid, handle) => {
            const open = handleOf(handle);
            if (!open) return sftp.status(reqid, STATUS_CODE.FAILURE);
            guard(reqid, () => sftp.attrs(reqid, attrsOf(fstatSync(open.fd).size)));
          });
          const stat = (reqid: number, path: string) =>
            guard(reqid, () => sftp.attrs(reqid, attrsOf(statSync(local(path)).size)));
          sftp.on('STAT', stat);
          sftp.on('LSTAT', stat);
          sftp.on('REMOVE', (reqid, path) =>
            guard(reqid, () => {
              unlinkSync(local(path));
              sftp.status(reqid, STATUS_CODE.OK);
            }),
          );
          sftp.on('RENAME', (reqid, from, to) => {
            guard(reqid, () => {
              // SFTP v3: a rename never replaces an existing file.
              if (statSync(local(to), { throwIfNoEntry: false })) throw new Error('target exists');
              renameSync(local(from), local(to));
              renames.push({ from, to });
              void Promise.resolve(hooks.afterRename?.(from, to))
                .then(() => sftp.status(reqid, STATUS_CODE.OK))
                .catch(() => undefined);
            });
          });
          sftp.on('REALPATH', (reqid, path) => {
            const resolved = posix.normalize(`/${path}`);
            sftp.name(reqid, [{ filename: resolved, longname: resolved, attrs: attrsOf(0) }]);
          });
        });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    user,
    privateKeyPem: clientKey.private,
    hostKeySha256: hostKeySha256(host.getPublicSSH()),
    root,
    renames,
    hooks,
    read: (path) => {
      const fd = openSync(local(path), 'r');
      try {
        const size = fstatSync(fd).size;
        const buffer = Buffer.alloc(size);
        readSync(fd, buffer, 0, size, 0);
        return buffer;
      } finally {
        closeSync(fd);
      }
    },
    close: async () => {
      for (const client of clients) client.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(root, { recursive: true, force: true });
    },
  };
}
