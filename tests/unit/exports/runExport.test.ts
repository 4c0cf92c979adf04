import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLineParser, detectDrop, parseControlFile } from '../../../shared/formats/index.ts';
import {
  createWorld,
  dataSource,
  definition,
  type Emulators,
  exportNow,
  recipient,
  sortedLines,
  startEmulators,
  stopEmulators,
  type TestWorld,
} from './exportFixture.ts';

const JOHN_SHA256 = '55e79200c1635b37ad31a378c39feb12f120f116625093a19bc32fff15041149';
const JOHN_AES = 'a4e70c52b4ca4a338d6d0ea25986355284f6ea47bb275506e61fa25b4ec4d365';
const TS = '1795683600'; // 2026-11-26T09:00:00Z
const FOLDER = 'outbound/crm/date=2026-11-26/';

describe('runExport', () => {
  let emulators: Emulators;
  let world: TestWorld;
  beforeAll(async () => {
    emulators = await startEmulators();
  });
  afterAll(async () => {
    await stopEmulators(emulators);
  });
  beforeEach(async () => {
    world = await createWorld(emulators);
    world.dataSources.set('crm_email', dataSource({ name: 'crm_email', encoding: 'sha256' }));
    world.recipients.set('r1', recipient('r1', { email: 'JohnDoe@example.com ' }));
  });

  it('writes the hashed email vector, an .info with exact totals and md5, parseable as AAM inbound', async () => {
    await world.seedList('api.crm', [{ recipientId: 'r1' }]);
    const job = await exportNow(world, 'crm', definition());
    const dataKey = `${FOLDER}ftp_dpm_163_${TS}.overwrite`;
    const infoKey = `${FOLDER}ftp_dpm_163_${TS}.info`;
    expect(job.status).toBe('succeeded');
    expect(job.outputKeys).toEqual([dataKey, infoKey]);
    const bytes = await world.readBytes(dataKey);
    expect(bytes.toString()).toBe(`${JOHN_SHA256}\td_sid=42\n`);
    const info = JSON.parse(await world.readText(infoKey));
    expect(info).toEqual({
      Files: [
        {
          FileName: `ftp_dpm_163_${TS}.overwrite`,
          FileSequenceNumber: 1,
          FileByteSize: 74,
          FileLineCount: 1,
          md5: createHash('md5').update(bytes).digest('hex'),
        },
      ],
      Totals: { TotalNumberFiles: 1, TotalNumberLines: 1, TotalByteSize: 74 },
    });
    expect('error' in parseControlFile(await world.readText(infoKey))).toBe(false);
    const drop = detectDrop(dataKey, bytes);
    if ('error' in drop) throw new Error(drop.error);
    expect(drop).toMatchObject({ format: 'aam-inbound', mode: 'overwrite', dpids: [163], gzip: false });
    const parsed = createLineParser(drop).parseLine(`${JOHN_SHA256}\td_sid=42`, 1);
    expect(parsed).toMatchObject({ kind: 'membership', add: ['42'], remove: [] });
    expect(job.receipt).toMatchObject({
      format: 'aam-inbound',
      mode: 'full',
      recordsWritten: 1,
      recordsWithoutId: 0,
      recordsSuppressed: 0,
      membershipsAdded: 1,
      membershipsRemoved: 0,
      files: [`ftp_dpm_163_${TS}.overwrite`],
    });
    expect(JSON.parse(await world.readText(`receipts/${job.jobId}.json`)).receipt).toEqual(job.receipt);
    expect(await world.listKeys('staging/outbound/crm/')).toEqual([]);
  });

  it('writes the AES-CBC vector with the current key when the source is encrypted', async () => {
    world.dataSources.set('crm_aes', dataSource({ name: 'crm_aes', encoding: 'aes-cbc', hasKey: true }));
    world.keys.set('crm_aes', [
      { keyHex: '0123456789ABCDEF0123456789ABCDEF', ivHex: '0123456789ABCDEFFEDCBA9876543210' },
      { keyHex: 'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF', ivHex: '0123456789ABCDEFFEDCBA9876543210' },
    ]);
    world.recipients.set('r1', recipient('r1', { email: 'johndoe@example.com' }));
    await world.seedList('api.crm', [{ recipientId: 'r1' }]);
    await exportNow(world, 'crm', definition({ dataSource: 'crm_aes' }));
    expect(await world.readText(`${FOLDER}ftp_dpm_163_${TS}.overwrite`)).toBe(`${JOHN_AES}\td_sid=42\n`);
  });

  it('writes every linked ECID, one row each, when the data source is a visitor source', async () => {
    world.dataSources.set('ecid', dataSource({ name: 'ecid', kind: 'visitor', dpid: 55556 }));
    const ecid = '12345678901234567890123456789012345678';
    world.recipients.set(
      'r1',
      recipient('r1', { ids: { ecid: [ecid, '00000000000000000000000000000000000001'] } }),
    );
    await world.seedList('api.crm', [{ recipientId: 'r1' }]);
    const job = await exportNow(world, 'crm', definition({ dataSource: 'ecid' }));
    expect(await world.readText(`${FOLDER}ftp_dpm_55556_${TS}.overwrite`)).toBe(
      `${ecid}\td_sid=42\n00000000000000000000000000000000000001\td_sid=42\n`,
    );
    expect(job.receipt.recordsWritten).toBe(2);
  });

  it('counts and lists recipients without an ID in a companion file when they lack the key', async () => {
    world.recipients.set('r2', recipient('r2', { phone: '+33612345678' }));
    world.recipients.set('r3', recipient('r3', { email: 'not an email' }));
    await world.seedList('api.crm', [
      { recipientId: 'r1' },
      { recipientId: 'r2' },
      { recipientId: 'r3' },
      { recipientId: 'r-erased' },
    ]);
    const job = await exportNow(world, 'crm', definition());
    // Internal recipient IDs: under receipts/, never in the partner's folder.
    const companion = `receipts/${job.jobId}.without-id.txt`;
    expect(job.receipt).toMatchObject({ recordsWritten: 1, recordsWithoutId: 3, recordsSuppressed: 0 });
    expect(job.withoutIdKey).toBe(companion);
    expect(job.outputKeys).not.toContain(companion);
    expect(sortedLines(await world.readText(companion))).toEqual(['r-erased', 'r2', 'r3']);
  });

  it('leaves out a recipient without consent for the purpose or with an excluded label', async () => {
    world.dataSources.set('crm_plain', dataSource({ name: 'crm_plain' }));
    world.recipients.set('r1', recipient('r1', { email: 'a@example.com' }));
    world.recipients.set('r2', recipient('r2', { email: 'b@example.com', consent: { marketing: false } }));
    world.recipients.set('r3', recipient('r3', { email: 'c@example.com', labels: ['C2'] }));
    world.recipients.set('r4', recipient('r4', { email: 'd@example.com', consent: { marketing: true } }));
    await world.seedList(
      'api.crm',
      ['r1', 'r2', 'r3', 'r4'].map((recipientId) => ({ recipientId })),
    );
    const job = await exportNow(
      world,
      'crm',
      definition({ dataSource: 'crm_plain', purpose: 'marketing', excludedLabels: ['C2'] }),
    );
    expect(sortedLines(await world.readText(`${FOLDER}ftp_dpm_163_${TS}.overwrite`))).toEqual([
      'a@example.com\td_sid=42',
      'd@example.com\td_sid=42',
    ]);
    expect(job.receipt).toMatchObject({ recordsWritten: 2, recordsSuppressed: 2, recordsWithoutId: 0 });
  });

  it('writes an address-only member by its address when the source has its channel', async () => {
    world.dataSources.set('crm_plain', dataSource({ name: 'crm_plain' }));
    await world.seedList('api.crm', [{ address: 'walkin@example.com', channel: 'email' }]);
    const job = await exportNow(world, 'crm', definition({ dataSource: 'crm_plain' }));
    expect(await world.readText(`${FOLDER}ftp_dpm_163_${TS}.overwrite`)).toBe(
      'walkin@example.com\td_sid=42\n',
    );
    expect(job.receipt.recordsWithoutId).toBe(0);
  });

  it('splits and gzips the files and numbers them from 1 when splitLines is set', async () => {
    world.dataSources.set('crm_plain', dataSource({ name: 'crm_plain' }));
    const ids = ['r1', 'r2', 'r3', 'r4', 'r5'];
    for (const id of ids) world.recipients.set(id, recipient(id, { email: `${id}@example.com` }));
    await world.seedList(
      'api.crm',
      ids.map((recipientId) => ({ recipientId })),
    );
    const job = await exportNow(
      world,
      'crm',
      definition({ dataSource: 'crm_plain', gzip: true, splitLines: 2 }),
    );
    const names = [1, 2, 3].map((n) => `ftp_dpm_163_${TS}.overwrite.${n}.gz`);
    expect(job.receipt.files).toEqual(names);
    expect(job.outputKeys).toEqual([...names.map((n) => `${FOLDER}${n}`), `${FOLDER}ftp_dpm_163_${TS}.info`]);
    const info = JSON.parse(await world.readText(`${FOLDER}ftp_dpm_163_${TS}.info`));
    const lines: string[] = [];
    let bytes = 0;
    for (const [index, fileName] of names.entries()) {
      const stored = await world.readBytes(`${FOLDER}${fileName}`);
      bytes += stored.length;
      expect(stored.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
      const text = await world.readText(`${FOLDER}${fileName}`);
      lines.push(...sortedLines(text));
      expect(info.Files[index]).toEqual({
        FileName: fileName,
        FileSequenceNumber: index + 1,
        FileByteSize: stored.length,
        FileLineCount: index < 2 ? 2 : 1,
        md5: createHash('md5').update(stored).digest('hex'),
      });
      const drop = detectDrop(fileName, stored);
      if ('error' in drop) throw new Error(drop.error);
      expect(drop).toMatchObject({ format: 'aam-inbound', split: index + 1, gzip: true });
      const parser = createLineParser(drop);
      const parsed = sortedLines(text).map((line, n) => parser.parseLine(line, n + 1));
      expect(parsed.filter((p) => p === null || 'reason' in p)).toEqual([]);
    }
    expect(info.Totals).toEqual({ TotalNumberFiles: 3, TotalNumberLines: 5, TotalByteSize: bytes });
    expect(lines.sort()).toEqual(ids.map((id) => `${id}@example.com\td_sid=42`));
  });

  it('writes a CSV with a header and one realized row per member when the format is csv', async () => {
    world.dataSources.set('crm_plain', dataSource({ name: 'crm_plain' }));
    world.recipients.set('r1', recipient('r1', { email: 'a@example.com' }));
    await world.seedList('api.crm', [{ recipientId: 'r1' }]);
    const job = await exportNow(
      world,
      'crm',
      definition({ dataSource: 'crm_plain', format: 'csv', traitId: undefined }),
    );
    expect(job.outputKeys).toEqual([`${FOLDER}crm_${TS}.csv`, `${FOLDER}crm_${TS}.info`]);
    expect(await world.readText(`${FOLDER}crm_${TS}.csv`)).toBe(
      'id,namespace,status\na@example.com,crm_plain,realized\n',
    );
  });
});
