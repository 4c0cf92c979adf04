import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLists } from '../../../cli/commands/lists.ts';
import type { CliIo } from '../../../cli/io.ts';
import type { ListMeta } from '../../../shared/lists/types.ts';

// A stand-in for `GET /v1/lists` answering as CONTRACT.md describes, until the lists routes are
// served by the local stack; it also records the bearer token the command sent.
let server: Server;
let baseUrl: string;
let answer: unknown;
let seenAuthorization: string | undefined;

function capture(): CliIo & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (l) => lines.push(l), err: () => {}, env: {}, interactive: false };
}

const lists: ListMeta[] = [
  {
    listId: 'aep.1234',
    name: 'Cart abandoners',
    source: 'aep',
    segmentId: '1234',
    size: 1200,
    updatedAt: '2024-01-02T00:00:00.000Z',
  },
  {
    listId: 'aam.4321',
    name: 'aam.4321',
    source: 'aam',
    segmentId: '4321',
    size: 7,
    updatedAt: '2024-01-01T00:00:00.000Z',
  },
  { listId: 'vip', name: 'VIP', source: 'api', size: 0, updatedAt: '2024-01-03T00:00:00.000Z' },
];

beforeAll(async () => {
  server = createServer((req, res) => {
    seenAuthorization = req.headers.authorization;
    if (req.url !== '/v1/lists') {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end('{"error":{"code":"not_found","message":"no such route"}}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('runLists', () => {
  it('prints every list sorted by ID with its size when the API answers {lists}', async () => {
    answer = { lists };
    const io = capture();
    await runLists({ api: baseUrl, token: 't0k' }, io);
    expect(seenAuthorization).toBe('Bearer t0k');
    expect(io.lines).toEqual([
      'LIST      NAME             SOURCE  SEGMENT  SIZE  UPDATED',
      'aam.4321  aam.4321         aam     4321        7  2024-01-01T00:00:00.000Z',
      'aep.1234  Cart abandoners  aep     1234     1200  2024-01-02T00:00:00.000Z',
      'vip       VIP              api     -           0  2024-01-03T00:00:00.000Z',
    ]);
  });

  it('accepts a bare array and says so when there is no list', async () => {
    answer = [];
    const io = capture();
    await runLists({ api: baseUrl, token: 't0k' }, io);
    expect(io.lines).toEqual(['no lists']);
  });

  it('refuses --api without --token with a ValidationError naming token', async () => {
    await expect(runLists({ api: baseUrl }, capture())).rejects.toThrow(
      '--token: required with --api (a bearer token for that API)',
    );
  });
});
