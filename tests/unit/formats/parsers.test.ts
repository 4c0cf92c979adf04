import { describe, expect, it } from 'vitest';
import {
  ALL_SEGMENTS,
  createLineParser,
  type DropInfo,
  detectDrop,
  type LineParser,
} from '../../../shared/formats/index.ts';
import {
  aamInboundName,
  aamInboundRow,
  aamOutboundName,
  aamOutboundRow,
  aepName,
  csvRow,
  ecid,
  fileBody,
  idSyncName,
} from '../../helpers/dropFiles.ts';

function parserFor(key: string, firstLine = 'x'): LineParser {
  const info = detectDrop(key, fileBody([firstLine]));
  if ('error' in info) throw new Error(`test setup: ${info.error}`);
  return createLineParser(info as DropInfo);
}

describe('createAamOutboundParser', () => {
  const parser = parserFor(aamOutboundName({ masterDpid: 55555 }));
  const id = { namespace: 'dpid:55555', value: ecid(1) };

  it('reads adds and removals when both lists are given', () => {
    expect(parser.parseLine(aamOutboundRow(ecid(1), [10, 11], [12]), 1)).toEqual({
      kind: 'membership',
      id,
      add: ['10', '11'],
      remove: ['12'],
    });
  });

  it('reads empty lists when the row is `id`, `id seg`, `id  rem` or has trailing spaces', () => {
    expect(parser.parseLine(ecid(1), 1)).toEqual({ kind: 'membership', id, add: [], remove: [] });
    expect(parser.parseLine(`${ecid(1)} 5`, 1)).toEqual({ kind: 'membership', id, add: ['5'], remove: [] });
    expect(parser.parseLine(`${ecid(1)}  6`, 1)).toEqual({ kind: 'membership', id, add: [], remove: ['6'] });
    expect(parser.parseLine(`${ecid(1)}  `, 1)).toEqual({ kind: 'membership', id, add: [], remove: [] });
    expect(parser.parseLine(`${ecid(1)} 1,,2, `, 1)).toEqual({
      kind: 'membership',
      id,
      add: ['1', '2'],
      remove: [],
    });
  });

  it('returns an error naming the field when a segment ID is not numeric', () => {
    expect(parser.parseLine(`${ecid(1)} 10,abc`, 3)).toEqual({
      reason: 'segments: segment IDs must be numeric',
    });
    expect(parser.parseLine(`${ecid(1)} 10 x`, 3)).toEqual({
      reason: 'removedSegments: segment IDs must be numeric',
    });
  });

  it('returns an error when the row has more than 3 fields or starts with a space', () => {
    expect(parser.parseLine(`${ecid(1)} 1 2 3`, 1)).toEqual({
      reason: 'row: expected at most 3 space-separated fields',
    });
    expect(parser.parseLine(' 1 2', 1)).toEqual({ reason: 'id: empty' });
  });

  it('never puts the line content in a reason', () => {
    const secret = 'john@example.com';
    const result = parser.parseLine(`${secret} a`, 1);
    expect(JSON.stringify(result)).not.toContain(secret);
  });
});

describe('createAamInboundParser', () => {
  const parser = parserFor(aamInboundName({ dpid: 21 }));
  const id = { namespace: 'dpid:21', value: 'abc' };

  it('reads every trait form when a row mixes them', () => {
    const row = aamInboundRow('abc', [
      'd_sid=5',
      ' 6:0',
      '7:-1',
      'd_unsid=8',
      '9',
      'ic=code1',
      '"color"="red"',
      'size = "L"',
    ]);
    expect(parser.parseLine(row, 1)).toEqual({
      kind: 'membership',
      id,
      add: ['5', '9', 'ic=code1', 'color=red', 'size=L'],
      remove: ['6', '7', '8'],
    });
  });

  it('keeps a comma inside a quoted key-value trait', () => {
    expect(parser.parseLine(aamInboundRow('abc', ['"city"="Paris, FR"', '1']), 1)).toEqual({
      kind: 'membership',
      id,
      add: ['city=Paris, FR', '1'],
      remove: [],
    });
  });

  it('removes the ID from every segment when the row has no traits', () => {
    const all = { kind: 'membership', id, add: [], remove: [ALL_SEGMENTS] };
    expect(parser.parseLine('abc', 1)).toEqual(all);
    expect(parser.parseLine('abc\t', 1)).toEqual(all);
    expect(parser.parseLine('abc\t , ', 1)).toEqual(all);
  });

  it('returns an error naming the field when a trait is malformed', () => {
    expect(parser.parseLine('abc\td_sid=x', 1)).toEqual({ reason: 'traits: d_sid must be numeric' });
    expect(parser.parseLine('abc\t5:3', 1)).toEqual({
      reason: 'traits: a trait suffix must be :0 or :-1 (removal)',
    });
    expect(parser.parseLine('abc\t"k"="v', 1)).toEqual({ reason: 'traits: unterminated quote' });
    expect(parser.parseLine('abc\tnonsense', 1)).toEqual({ reason: 'traits: unrecognised trait form' });
    expect(parser.parseLine('abc\t=v', 1)).toEqual({ reason: 'traits: key-value trait with an empty key' });
    expect(parser.parseLine('\t1', 1)).toEqual({ reason: 'id: empty' });
  });

  it('takes the namespace from the platform column when the file is the odc device form', () => {
    const device = parserFor(aamInboundName({ device: true }));
    const idfa = '6D92078A-8246-4BA4-AE5B-76104861E7DC';
    expect(device.parseLine(aamInboundRow(idfa, ['1', '2:0'], 'IDFA'), 1)).toEqual({
      kind: 'membership',
      id: { namespace: 'idfa', value: idfa },
      add: ['1'],
      remove: ['2'],
    });
    expect(device.parseLine(aamInboundRow('x', ['1'], 'gaid'), 1)).toMatchObject({
      id: { namespace: 'gaid' },
    });
    expect(device.parseLine(aamInboundRow('x', ['1'], 'roku'), 1)).toEqual({
      reason: 'platform: expected idfa or gaid',
    });
  });
});

describe('createAamIdSyncParser', () => {
  const parser = parserFor(idSyncName([55555, 0, 555]));

  it('links the IDs of a row keyed by DPID when every column is set', () => {
    expect(parser.parseLine(`crm-1\t${ecid(2)}\tx`, 1)).toEqual({
      kind: 'links',
      ids: [
        { namespace: 'dpid:55555', value: 'crm-1' },
        { namespace: 'dpid:0', value: ecid(2) },
        { namespace: 'dpid:555', value: 'x' },
      ],
    });
  });

  it('skips empty columns when at least 2 IDs remain', () => {
    expect(parser.parseLine(`crm-1\t\tx`, 1)).toEqual({
      kind: 'links',
      ids: [
        { namespace: 'dpid:55555', value: 'crm-1' },
        { namespace: 'dpid:555', value: 'x' },
      ],
    });
  });

  it('returns an error when fewer than 2 IDs or the wrong column count', () => {
    expect(parser.parseLine('crm-1\t\t', 1)).toEqual({ reason: 'row: fewer than 2 IDs to link' });
    expect(parser.parseLine('a\tb', 1)).toEqual({
      reason: 'row: expected 3 tab-separated columns (one per DPID), found 2',
    });
  });
});

describe('createAepCsvParser', () => {
  const segmentId = '12341e18-abcd-49c2-836d-123c88e76c39';
  const header = csvRow(['person.name.firstName', 'ECID', 'Email', 'CRMID', 'segmentMembership.status']);

  it('skips the header and adds the named segment when the status is realized or existing', () => {
    const parser = parserFor(aepName(segmentId));
    expect(parser.parseLine(header, 1)).toBeNull();
    expect(parser.parseLine(csvRow(['Ann', ecid(1), '', '', 'realized']), 2)).toEqual({
      kind: 'membership',
      id: { namespace: 'ecid', value: ecid(1) },
      add: [segmentId],
      remove: [],
    });
    expect(parser.parseLine(csvRow(['Bo', ecid(2), 'bo@example.com', '', 'existing']), 3)).toEqual({
      kind: 'membership',
      id: { namespace: 'email', value: 'bo@example.com' },
      add: [segmentId],
      remove: [],
    });
  });

  it('removes the segment when the status is exited', () => {
    const parser = parserFor(aepName(segmentId));
    parser.parseLine(header, 1);
    expect(parser.parseLine(csvRow(['"Quoted, name"', ecid(1), '', 'C-9', 'exited']), 2)).toEqual({
      kind: 'membership',
      id: { namespace: 'crm', value: 'C-9' },
      add: [],
      remove: [segmentId],
    });
  });

  it('adds the segment when the file has no status column', () => {
    const parser = parserFor(aepName('42'));
    parser.parseLine('Phone_SHA256,GAID', 1);
    expect(parser.parseLine(',g-1', 2)).toEqual({
      kind: 'membership',
      id: { namespace: 'gaid', value: 'g-1' },
      add: ['42'],
      remove: [],
    });
  });

  it('returns errors naming the column when a row is wrong', () => {
    const parser = parserFor(aepName(segmentId));
    parser.parseLine(header, 1);
    expect(parser.parseLine(csvRow(['A', '', '', '', 'realized']), 2)).toEqual({
      reason: 'identity: every identity column is empty',
    });
    expect(parser.parseLine(csvRow(['A', ecid(1), '', '', 'gone']), 3)).toEqual({
      reason: 'segmentMembership_status: expected realized, existing or exited',
    });
    expect(parser.parseLine('A,1', 4)).toEqual({ reason: 'row: expected 5 columns, found 2' });
    expect(parser.parseLine('"A,1', 5)).toEqual({ reason: 'row: malformed CSV quoting' });
  });

  it('makes the whole file unusable, naming the columns found, when the header has no identity column', () => {
    const parser = parserFor(aepName(segmentId));
    const unusable = {
      reason:
        'header: no usable identity column (an identity namespace such as ECID, Email or CRMID, personalEmail_address, workEmail_address, mobilePhone_number, homePhone_number, workPhone_number or identityMap_<NAMESPACE>_id); found person_name_firstName, segmentMembership_status',
      wholeFile: true,
    };
    expect(parser.parseLine('person_name_firstName,segmentMembership_status', 1)).toEqual(unusable);
    expect(parser.parseLine('a,realized', 2)).toEqual(unusable);
  });

  it('reads XDM email and phone attributes and identityMap columns as declared IDs', () => {
    const parser = parserFor(aepName(segmentId));
    expect(
      parser.parseLine(
        'person_name_firstName,mobilePhone.number,workEmail_address,PersonalEmail_Address,identityMap_ECID_0_id,identityMap_loyalty_id',
        1,
      ),
    ).toBeNull();
    // Email before phone, whatever the column order; personal before work email (left to right).
    expect(parser.parseLine('Jo,+33612345678,w@example.com,p@example.com,,', 2)).toMatchObject({
      id: { namespace: 'email', value: 'w@example.com' },
    });
    expect(parser.parseLine('Jo,+33612345678,,,,', 3)).toMatchObject({
      id: { namespace: 'phone', value: '+33612345678' },
    });
    // A partner namespace (a data source's name) ranks before the ECID.
    expect(parser.parseLine(`Jo,,,,${ecid(1)},L-1`, 4)).toMatchObject({
      id: { namespace: 'loyalty', value: 'L-1' },
    });
    expect(parser.parseLine(`Jo,,,,${ecid(1)},`, 5)).toMatchObject({
      id: { namespace: 'ecid', value: ecid(1) },
    });
  });
});

describe('createRecipientsCsvParser', () => {
  it('reads recipientId, email, phone and attributes when the header has them', () => {
    const parser = parserFor('inbound/recipients/r.csv');
    expect(parser.parseLine('RecipientId,email,phone,tier,city', 1)).toBeNull();
    expect(parser.parseLine('r-1,a@example.com,+33612345678,gold,', 2)).toEqual({
      kind: 'recipient',
      recipientId: 'r-1',
      email: 'a@example.com',
      phone: '+33612345678',
      attributes: { tier: 'gold' },
    });
    expect(parser.parseLine('r-2,,,,"Paris, FR"', 3)).toEqual({
      kind: 'recipient',
      recipientId: 'r-2',
      attributes: { city: 'Paris, FR' },
    });
    expect(parser.parseLine(',a@example.com,,,', 4)).toEqual({ reason: 'recipientId: empty' });
  });

  it('rejects every row when the header lacks recipientId', () => {
    const parser = parserFor('inbound/recipients/r.csv');
    parser.parseLine('email,phone', 1);
    expect(parser.parseLine('a@example.com,', 2)).toEqual({ reason: 'header: missing column recipientId' });
  });

  it.each(['__proto__', 'constructor', 'prototype'])(
    'rejects every row when a column is named %s, which no attribute map can hold',
    (column) => {
      const parser = parserFor('inbound/recipients/r.csv');
      expect(parser.parseLine(`recipientId,${column}`, 1)).toBeNull();
      expect(parser.parseLine('r-1,x', 2)).toEqual({
        reason: `header: column ${column} is a reserved name, not an attribute`,
      });
    },
  );
});

describe('createGenericCsvParser', () => {
  it('reads memberships with source and status or action when the header has them', () => {
    const parser = parserFor('inbound/x.csv', 'id,namespace,segment');
    expect(parser.parseLine('Segment,ID,Namespace,Source,Status,Action', 1)).toBeNull();
    expect(parser.parseLine('7,crm-1,crm,,,', 2)).toEqual({
      kind: 'membership',
      id: { namespace: 'crm', value: 'crm-1' },
      add: ['7'],
      remove: [],
    });
    expect(parser.parseLine('7,crm-1,crm,shop,exited,', 3)).toEqual({
      kind: 'membership',
      id: { namespace: 'crm', value: 'crm-1' },
      add: [],
      remove: ['7'],
      source: 'shop',
    });
    expect(parser.parseLine('7,crm-1,crm,,realized,remove', 4)).toMatchObject({ add: [], remove: ['7'] });
    expect(parser.parseLine('7,crm-1,crm,,maybe,', 5)).toEqual({
      reason: 'status: expected add/realized/existing or remove/exited',
    });
    expect(parser.parseLine(',crm-1,crm,,,', 6)).toEqual({ reason: 'segment: empty' });
  });

  it('rejects every row when the header misses a required column', () => {
    const parser = parserFor('inbound/x.csv', 'id,namespace,segment');
    parser.parseLine('id,segment', 1);
    expect(parser.parseLine('a,1', 2)).toEqual({ reason: 'header: missing column namespace' });
  });
});

describe('createNdjsonParser', () => {
  const parser = parserFor('inbound/x.ndjson', '{}');

  it('reads a membership when the object has id, namespace and segment', () => {
    expect(
      parser.parseLine(
        '{"id":"crm-1","namespace":"crm","segment":4321,"action":"remove","source":"shop"}',
        1,
      ),
    ).toEqual({
      kind: 'membership',
      id: { namespace: 'crm', value: 'crm-1' },
      add: [],
      remove: ['4321'],
      source: 'shop',
    });
  });

  it('returns an error naming the field when a field has the wrong type', () => {
    expect(parser.parseLine('{"id":true,"namespace":"crm","segment":"1"}', 1)).toEqual({
      reason: 'id: expected a string or number',
    });
    expect(parser.parseLine('{"id":"a","namespace":1,"segment":"1"}', 1)).toEqual({
      reason: 'namespace: expected a string',
    });
    expect(parser.parseLine('{"id":"a","namespace":"crm"}', 1)).toEqual({
      reason: 'segment: expected a string or number',
    });
    expect(parser.parseLine('{"id":"a","namespace":"crm","segment":"1","status":3}', 1)).toEqual({
      reason: 'status: expected a string',
    });
    expect(parser.parseLine('[1]', 1)).toEqual({ reason: 'row: expected a JSON object' });
    expect(parser.parseLine('{"id":', 1)).toEqual({ reason: 'row: not valid JSON' });
  });
});
