import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportFileNames, exportRows, memberKey, resolveExportId } from '../../../shared/exports/index.ts';
import { sha256Hex } from '../../../shared/identifiers/index.ts';
import { dataSource, definition, recipient } from './exportFixture.ts';

const KEY = { keyHex: '0123456789ABCDEF0123456789ABCDEF', ivHex: '0123456789ABCDEFFEDCBA9876543210' };

describe('resolveExportId', () => {
  it('hashes the normalised email to the FORMATS.md vector when the source is sha256', () => {
    const out = resolveExportId({ recipientId: 'r1' }, recipient('r1', { email: ' JohnDoe@Example.com' }), {
      dataSource: dataSource({ name: 's', encoding: 'sha256' }),
    });
    expect(out).toEqual({
      kind: 'id',
      ids: ['55e79200c1635b37ad31a378c39feb12f120f116625093a19bc32fff15041149'],
    });
  });

  it('writes an attribute that already is a SHA-256 as is when the source is sha256', () => {
    const hash = '55E79200C1635B37AD31A378C39FEB12F120F116625093A19BC32FFF15041149';
    const out = resolveExportId({ recipientId: 'r1' }, recipient('r1', { attributes: { emailHash: hash } }), {
      dataSource: dataSource({ name: 's', encoding: 'sha256', reconciliationKey: 'emailHash' }),
    });
    expect(out).toEqual({ kind: 'id', ids: [hash.toLowerCase()] });
    const plain = resolveExportId(
      { recipientId: 'r1' },
      recipient('r1', { attributes: { emailHash: 'ABC' } }),
      {
        dataSource: dataSource({ name: 's', encoding: 'sha256', reconciliationKey: 'emailHash' }),
      },
    );
    expect(plain).toEqual({ kind: 'id', ids: [sha256Hex('abc')] });
  });

  it('hashes the E.164 phone when the reconciliation key is phone', () => {
    const out = resolveExportId({ recipientId: 'r1' }, recipient('r1', { phone: '+33 6 12 34 56 78' }), {
      dataSource: dataSource({ name: 's', encoding: 'sha256', reconciliationKey: 'phone', channel: 'sms' }),
    });
    expect(out).toEqual({ kind: 'id', ids: [sha256Hex('+33612345678')] });
  });

  it('encrypts an attribute key with the current AES key and writes plain recipient IDs', () => {
    const rec = recipient('r1', { attributes: { crmId: 'johndoe@example.com' } });
    expect(
      resolveExportId({ recipientId: 'r1' }, rec, {
        dataSource: dataSource({ name: 's', encoding: 'aes-cbc', reconciliationKey: 'crmId' }),
        currentKey: KEY,
      }),
    ).toEqual({ kind: 'id', ids: ['a4e70c52b4ca4a338d6d0ea25986355284f6ea47bb275506e61fa25b4ec4d365'] });
    expect(
      resolveExportId({ recipientId: 'r1' }, rec, {
        dataSource: dataSource({ name: 's', reconciliationKey: 'recipientId' }),
      }),
    ).toEqual({ kind: 'id', ids: ['r1'] });
  });

  it('returns withoutId when the recipient lacks the key, is erased, or has no ECID for a visitor source', () => {
    const plain = { dataSource: dataSource({ name: 's' }) };
    expect(resolveExportId({ recipientId: 'r1' }, recipient('r1'), plain)).toEqual({ kind: 'withoutId' });
    expect(resolveExportId({ recipientId: 'r1' }, undefined, plain)).toEqual({ kind: 'withoutId' });
    const visitor = { dataSource: dataSource({ name: 'v', kind: 'visitor' }) };
    expect(resolveExportId({ recipientId: 'r1' }, recipient('r1'), visitor)).toEqual({ kind: 'withoutId' });
    expect(resolveExportId({ address: 'a@example.com', channel: 'email' }, undefined, visitor)).toEqual({
      kind: 'withoutId',
    });
    const sms = { dataSource: dataSource({ name: 's', channel: 'sms' }) };
    expect(resolveExportId({ address: 'a@example.com', channel: 'email' }, undefined, sms)).toEqual({
      kind: 'withoutId',
    });
  });

  it('suppresses before resolving when consent is false or a label is excluded', () => {
    const audience = { purpose: 'marketing', consent: 'opt-out' as const, excludedLabels: ['C2'] };
    const policy = { dataSource: dataSource({ name: 's' }), audience };
    const noConsent = recipient('r1', { email: 'a@example.com', consent: { marketing: false } });
    const labelled = recipient('r2', { labels: ['C2'] });
    expect(resolveExportId({ recipientId: 'r1' }, noConsent, policy)).toEqual({ kind: 'suppressed' });
    expect(resolveExportId({ recipientId: 'r2' }, labelled, policy)).toEqual({ kind: 'suppressed' });
  });

  it("applies the data source's governance whatever the audience says, opt-in needing consent true", () => {
    const governance = { purpose: 'sharing', consent: 'opt-in' as const, excludedLabels: ['minor'] };
    const policy = { dataSource: dataSource({ name: 's', governance }) };
    const silent = recipient('r1', { email: 'a@example.com' });
    const agreed = recipient('r2', { email: 'b@example.com', consent: { sharing: true } });
    const minor = recipient('r3', { email: 'c@example.com', consent: { sharing: true }, labels: ['minor'] });
    expect(resolveExportId({ recipientId: 'r1' }, silent, policy)).toEqual({ kind: 'suppressed' });
    expect(resolveExportId({ recipientId: 'r2' }, agreed, policy)).toEqual({
      kind: 'id',
      ids: ['b@example.com'],
    });
    expect(resolveExportId({ recipientId: 'r3' }, minor, policy)).toEqual({ kind: 'suppressed' });
  });

  it('writes every linked ID of the namespace when a recipient has several, deduplicated', () => {
    const rec = recipient('r1', { email: 'a@example.com' });
    rec.ids = { ecid: ['E1', 'E2'], gaid: ['g-1', 'g-2'], loyalty: ['L-1', 'a@example.com'] };
    const visitor = { dataSource: dataSource({ name: 'v', kind: 'visitor', dpid: 163 }) };
    expect(resolveExportId({ recipientId: 'r1' }, rec, visitor)).toEqual({ kind: 'id', ids: ['E1', 'E2'] });
    const device = { dataSource: dataSource({ name: 'gaid', kind: 'visitor', dpid: 20914 }) };
    expect(resolveExportId({ recipientId: 'r1' }, rec, device)).toEqual({ kind: 'id', ids: ['g-1', 'g-2'] });
    const declared = { dataSource: dataSource({ name: 'loyalty', reconciliationKey: 'email' }) };
    expect(resolveExportId({ recipientId: 'r1' }, rec, declared)).toEqual({
      kind: 'id',
      ids: ['a@example.com', 'L-1'],
    });
  });

  it('never throws and writes a tab-free single-line ID for any email value', () => {
    fc.assert(
      fc.property(fc.string(), (email) => {
        const out = resolveExportId({ recipientId: 'r' }, recipient('r', { email }), {
          dataSource: dataSource({ name: 's', encoding: 'sha256' }),
        });
        if (out.kind === 'id') expect(out.ids).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/)]);
      }),
    );
  });
});

describe('exportFileNames', () => {
  it('names AAM inbound files per FORMATS.md when split and gzipped', () => {
    const names = exportFileNames({
      sharedAudience: 'crm',
      jobId: 'export:crm:1795683600123',
      createdAt: '2026-11-26T09:00:00.123Z',
      format: 'aam-inbound',
      dpid: 163,
      sync: true,
      gzip: true,
    });
    expect(names.folder).toBe('outbound/crm/date=2026-11-26/');
    expect(names.tmpFolder).toBe('staging/outbound/crm/export_crm_1795683600123/');
    expect(names.dataFile(2)).toBe('ftp_dpm_163_1795683600.sync.2.gz');
    expect(names.dataFile(undefined)).toBe('ftp_dpm_163_1795683600.sync.gz');
    expect(names.info).toBe('ftp_dpm_163_1795683600.info');
  });

  it("names a device-ID export with the global DPID, then the owner's", () => {
    const names = exportFileNames({
      sharedAudience: 'ads',
      jobId: 'export:ads:1',
      createdAt: '2026-11-26T09:00:00.123Z',
      format: 'aam-inbound',
      dpid: 20914,
      targetDpid: 163,
      sync: true,
      gzip: false,
    });
    expect(names.dataFile(undefined)).toBe('ftp_dpm_20914_163_1795683600.sync');
  });
});

describe('exportRows', () => {
  it('quotes a CSV field holding a comma or quote', () => {
    const rows = exportRows(definition({ format: 'csv', dataSource: 'crm' }));
    expect(rows.header).toBe('id,namespace,status');
    expect(rows.add('a,"b"')).toBe('"a,""b""",crm,realized');
    expect(rows.remove('x')).toBe('x,crm,exited');
  });
});

describe('memberKey', () => {
  it('keys recipients by ID and address-only members by a digest of the address', () => {
    expect(memberKey({ recipientId: 'r1' })).toBe('r#r1');
    expect(memberKey({ address: 'a@example.com', channel: 'email' })).toBe(
      `a#email#${sha256Hex('a@example.com')}`,
    );
    expect(memberKey({})).toBeUndefined();
  });
});
