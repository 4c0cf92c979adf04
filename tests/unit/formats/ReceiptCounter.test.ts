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
      ],
      { eol: '\r\n', finalNewline: false },
    );
    const counter = await countFile(aamOutboundName({ masterDpid: 0 }), body);
    expect(counter.toReceipt()).toEqual({
      format: 'aam-outbound',
      mode: 'incremental',
      linesRead: 6,
      recordsProcessed: 3,
      formatErrors: 2,
      invalidIds: 1,
      unmatchedIds: 0,
      membershipsAdded: 0,
      membershipsRemoved: 0,
      idLinks: 0,
      segments: ['4', '7', '30', '200'],
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
    const counter = await countFile(idSyncName([20914, 0]), body);
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
    expect(validateIdRef({ namespace: 'dpid:20914', value: ecid(5) })).toEqual({ ok: true, value: ecid(5) });
    expect(validateIdRef({ namespace: 'dpid:20914', value: INVALID_ECID })).toMatchObject({
      ok: false,
      reason: 'invalid',
    });
    expect(validateIdRef({ namespace: 'dpid:20914', value: 'crm-77' })).toEqual({
      ok: true,
      value: 'crm-77',
    });
  });

  it('checks dpid:0 values as AAM UUIDs', () => {
    expect(validateIdRef({ namespace: 'dpid:0', value: 'crm-77' })).toMatchObject({
      ok: false,
      reason: 'invalid',
    });
  });
});
