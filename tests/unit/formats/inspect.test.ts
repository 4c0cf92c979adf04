import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../cli/main.ts';
import { FormatError } from '../../../shared/errors/index.ts';
import { inspectDrop } from '../../../shared/formats/index.ts';
import {
  aamInboundName,
  aamInboundRow,
  aepName,
  chunked,
  csvRow,
  ecid,
  fileBody,
  readable,
} from '../../helpers/dropFiles.ts';

describe('inspectDrop', () => {
  it('returns the receipt of a gzipped AAM inbound file when the name has no .gz', async () => {
    const body = fileBody(
      [
        aamInboundRow('abc', ['d_sid=5', '"k"="v"']),
        aamInboundRow('def', []),
        '',
        aamInboundRow('ghi', ['x:1']),
      ],
      { gzip: true, eol: '\r\n' },
    );
    expect(await inspectDrop(readable(body, 10), `inbound/${aamInboundName()}`)).toMatchObject({
      format: 'aam-inbound',
      mode: 'sync',
      linesRead: 3,
      recordsProcessed: 2,
      formatErrors: 1,
      invalidIds: 0,
      segments: ['5', 'k=v'],
      errors: [{ line: 4, reason: 'traits: unrecognised trait form' }],
    });
  });

  it('counts exited rows as processed and excludes the header when the file is an AEP export', async () => {
    const body = fileBody([
      csvRow(['ECID', 'segmentMembership_status']),
      csvRow([ecid(1), 'realized']),
      csvRow([ecid(2), 'exited']),
    ]);
    expect(await inspectDrop(chunked(body, 3), aepName('77'))).toMatchObject({
      format: 'aep-csv',
      mode: 'incremental',
      linesRead: 2,
      recordsProcessed: 2,
      segments: ['77'],
    });
  });

  it('throws a FormatError when the file is empty or holds only a header', async () => {
    await expect(inspectDrop(chunked(Buffer.alloc(0), 1), aamInboundName())).rejects.toBeInstanceOf(
      FormatError,
    );
    await expect(inspectDrop(chunked(Buffer.alloc(0), 1), aamInboundName())).rejects.toThrow(/^empty file$/);
    await expect(inspectDrop(chunked(fileBody(['ECID']), 1), aepName('1'))).rejects.toThrow(
      'empty file: no data line',
    );
  });

  it('throws a FormatError when the format is unknown', async () => {
    await expect(inspectDrop(chunked(fileBody(['hello']), 4), 'notes.txt')).rejects.toBeInstanceOf(
      FormatError,
    );
  });
});

describe('inspect command', () => {
  let dir = '';
  let out = '';
  let err = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'inspect-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function run(args: string[]): Promise<number> {
    out = '';
    err = '';
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out += String(chunk);
      return true;
    });
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      err += String(chunk);
      return true;
    });
    try {
      return await main(args);
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
  }

  it('prints the JSON receipt and exits 0 when the file is usable', async () => {
    const file = join(dir, aamInboundName({ gz: true }));
    await writeFile(file, fileBody([aamInboundRow('abc', ['1', '2:0'])], { gzip: true }));
    expect(await run(['inspect', '--json', file])).toBe(0);
    expect(JSON.parse(out)).toMatchObject({
      format: 'aam-inbound',
      linesRead: 1,
      recordsProcessed: 1,
      segments: ['1', '2'],
    });
  });

  it('prints a table with the errors when --json is not given', async () => {
    const file = join(dir, aamInboundName({ dpid: 5 }));
    await writeFile(file, fileBody([aamInboundRow('abc', ['1']), aamInboundRow('def', ['bad'])]));
    expect(await run(['inspect', file])).toBe(0);
    expect(out).toContain('formatErrors      1\n');
    expect(out).toContain('  line 2: traits: unrecognised trait form\n');
  });

  it('exits 1 when the file is rejected whole', async () => {
    const file = join(dir, 'notes.txt');
    await writeFile(file, 'hello\n');
    expect(await run(['inspect', file])).toBe(1);
    expect(err).toMatch(/notes\.txt rejected: unknown format/);
    expect(await run(['inspect', '--json', file])).toBe(1);
    expect(JSON.parse(out)).toMatchObject({
      linesRead: 0,
      formatErrors: 0,
      rejected: true,
      error: { code: 'format_error' },
    });
  });

  it('exits 2 when the file is missing or not given', async () => {
    expect(await run(['inspect', join(dir, 'nope.sync')])).toBe(2);
    expect(await run(['inspect'])).toBe(2);
  });
});
