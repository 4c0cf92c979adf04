import { describe, expect, it } from 'vitest';
import {
  createLineParser,
  type DropInfo,
  detectDrop,
  ReceiptCounter,
  validateIdRef,
} from '../../../shared/formats/index.ts';
import { readLines } from '../../../shared/lines/index.ts';
import {
  aamOutboundName,
  aamOutboundRow,
  chunked,
  ecid,
  fileBody,
  INVALID_ECID,
  idSyncName,
} from '../../helpers/dropFiles.ts';

async function countFile(key: string, body: Buffer): Promise<ReceiptCounter> {
  const info = detectDrop(key, body) as DropInfo;
  const parser = createLineParser(info);
  const counter = new ReceiptCounter(info);
  for await (const line of readLines(chunked(body, 64))) counter.feed(line, parser);
  return counter;
}

describe('ReceiptCounter', () => {
  it('counts lines, errors, invalid IDs and segments when an AAM outbound file mixes them', async () => {
    const body = fileBody(
      [
        aamOutboundRow(ecid(1), [30, 4], [200]),
        '',
        aamOutboundRow(ecid(2), [4]),
        aamOutboundRow(INVALID_ECID, [99]),
        aamOutboundRow(ecid(3), ['x']),
        `${'9'.repeat(102_401)}`,
        aamOutboundRow(ecid(4), [], [7]),
        aamOutboundRow('NULL', [8]),
      ],
      { eol: '\r\n', finalNewline: false },
    );
    const counter = await countFile(aamOutboundName({ masterDpid: 0 }), body);
    expect(counter.toReceipt()).toEqual({
      format: 'aam-outbound',
      mode: 'incremental',
      linesRead: 7,
      recordsProcessed: 4,
      formatErrors: 2,
      invalidIds: 1,
      // A blocked value is a valid line that can never match: unmatched, reason `blocked`.
      unmatchedIds: 1,
      unmatched: { unknownId: 0, noRecipient: 0, blocked: 1, forced: 0, encodingMismatch: 0 },
      pendingMemberships: 0,
      membershipsAdded: 0,
      membershipsRemoved: 0,
      idLinks: 0,
      segments: ['4', '7', '8', '30', '200'],
      duplicate: false,
      errors: [
        { line: 4, reason: 'id: invalid dpid:0 (expected each 19-digit half at most 9223372036854775807)' },
        { line: 5, reason: 'segments: segment IDs must be numeric' },
        { line: 6, reason: 'line: longer than 102400 bytes' },
      ],
    });
  });

  it('returns the record with normalised IDs when the line is usable', () => {
    const counter = new ReceiptCounter(null);
    const outcome = counter.count(1, {
      kind: 'membership',
      id: { namespace: 'email', value: ' John@Example.com ' },
      add: ['1'],
      remove: [],
    });
    expect(outcome).toEqual({
      status: 'record',
      record: {
        kind: 'membership',
        id: { namespace: 'email', value: 'john@example.com' },
        add: ['1'],
        remove: [],
      },
    });
  });

  it('does not count a header and counts a not-utf8 line as a format error', () => {
    const counter = new ReceiptCounter(null);
    expect(counter.count(1, null)).toEqual({ status: 'header' });
    expect(counter.feed({ lineNumber: 2, error: 'not-utf8' }, { parseLine: () => null })).toEqual({
      status: 'format-error',
      reason: 'line: not valid UTF-8',
    });
    expect([counter.linesRead, counter.formatErrors]).toEqual([1, 1]);
  });

  it('counts a links row as invalid when any of its IDs is invalid', async () => {
    const body = fileBody([`crm-1\t${ecid(1)}`, `crm-2\t${INVALID_ECID}`, 'crm-3\tnull']);
    const counter = await countFile(idSyncName([55555, 0]), body);
    expect([counter.linesRead, counter.recordsProcessed, counter.invalidIds]).toEqual([3, 1, 2]);
    expect(counter.errors.map((e) => e.line)).toEqual([2, 3]);
    expect(JSON.stringify(counter.errors)).not.toContain('crm-');
  });

  it('keeps only the first 100 errors when more lines fail', async () => {
    const body = fileBody(Array.from({ length: 150 }, (_, i) => `${ecid(i)} bad`));
    const counter = await countFile(aamOutboundName(), body);
    expect(counter.formatErrors).toBe(150);
    expect(counter.errors).toHaveLength(100);
    expect(counter.errors[99]).toEqual({ line: 100, reason: 'segments: segment IDs must be numeric' });
  });

  it('counts a parser that throws as a format error instead of failing', () => {
    const counter = new ReceiptCounter(null);
    const outcome = counter.feed(
      { lineNumber: 1, text: 'x' },
      {
        parseLine: () => {
          throw new Error('boom');
        },
      },
    );
    expect(outcome).toEqual({ status: 'format-error', reason: 'row: could not be parsed' });
  });
});

describe('validateIdRef', () => {
  it('checks a 38-digit value of a dpid namespace as a visitor ID', () => {
    expect(validateIdRef({ namespace: 'dpid:55555', value: ecid(5) })).toEqual({ ok: true, value: ecid(5) });
    expect(validateIdRef({ namespace: 'dpid:55555', value: INVALID_ECID })).toMatchObject({
      ok: false,
      reason: 'invalid',
    });
    expect(validateIdRef({ namespace: 'dpid:55555', value: 'crm-77' })).toEqual({
      ok: true,
      value: 'crm-77',
    });
  });

  it('checks a global data source DPID as its device ID, never as a visitor ID', () => {
    expect(validateIdRef({ namespace: 'dpid:20914', value: '97987BCA-AE59-4C7D-94BA-EE4F19AB8C21' })).toEqual(
      {
        ok: true,
        value: '97987bca-ae59-4c7d-94ba-ee4f19ab8c21',
      },
    );
    expect(validateIdRef({ namespace: 'dpid:20915', value: '6d92078a-8246-4ba4-ae5b-76104861e7dc' })).toEqual(
      {
        ok: true,
        value: '6D92078A-8246-4BA4-AE5B-76104861E7DC',
      },
    );
    expect(validateIdRef({ namespace: 'dpid:20914', value: ecid(5) })).toEqual({
      ok: false,
      reason: 'invalid',
      detail: 'expected a UUID (8-4-4-4-12 hex digits)',
    });
    for (const dpid of [121963, 963906, 488258, 1171485, 1171489]) {
      expect(
        validateIdRef({ namespace: `dpid:${dpid}`, value: 'F2A3C1D4-0B5E-4C6F-9A7B-8C9D0E1F2A3B' }),
      ).toEqual({
        ok: true,
        value: 'f2a3c1d4-0b5e-4c6f-9a7b-8c9d0e1f2a3b',
      });
    }
    expect(validateIdRef({ namespace: 'dpid:389146', value: 'MaId42' })).toEqual({
      ok: true,
      value: 'maid42',
    });
  });

  it('checks dpid:0 values as AAM UUIDs', () => {
    expect(validateIdRef({ namespace: 'dpid:0', value: 'crm-77' })).toMatchObject({
      ok: false,
      reason: 'invalid',
    });
  });
});
