import { describe, expect, it } from 'vitest';
import type { DropInfo } from '../../../shared/formats/index.ts';
import {
  DEFAULT_PARTNER,
  DEFAULT_PARTNER_RIGHTS,
  DropRefusedError,
  DropRights,
  DynamoPartnerStore,
  partnerOfDrop,
} from '../../../shared/partners/index.ts';
import { useDynamoTables } from '../../helpers/dynamoTables.ts';

const tables = useDynamoTables();
const now = () => new Date('2026-12-02T08:00:00Z');

describe('partnerOfDrop', () => {
  it('finds no partner for a drop in no partner folder when no default partner is configured', async () => {
    const partners = new DynamoPartnerStore(tables.ddb, await tables.create('partners'), now);
    await partners.put('aam', { lists: ['aam.*'], fullReplace: true, recipients: false });
    expect(await partnerOfDrop(partners, 'inbound/partner-b/wipe_full.csv')).toBeUndefined();
    expect((await partnerOfDrop(partners, 'inbound/aam/S3_1_2_iter_1486140844000.sync'))?.name).toBe('aam');
    // A file directly under inbound/ named like a partner is not in its folder.
    expect(await partnerOfDrop(partners, 'inbound/aam')).toBeUndefined();
  });

  it('falls back to the default partner, which putIfAbsent never overwrites', async () => {
    const partners = new DynamoPartnerStore(tables.ddb, await tables.create('partners'), now);
    await partners.put(DEFAULT_PARTNER, { lists: ['generic.*'], fullReplace: false, recipients: false });
    await partners.putIfAbsent(DEFAULT_PARTNER, DEFAULT_PARTNER_RIGHTS);
    const found = await partnerOfDrop(partners, 'inbound/partner-b/wipe_full.csv');
    expect(found).toEqual({
      name: 'default',
      lists: ['generic.*'],
      fullReplace: false,
      recipients: false,
      updatedAt: '2026-12-02T08:00:00.000Z',
    });
  });
});

describe('DropRights', () => {
  const partner = {
    name: 'aam',
    lists: ['aam.*', 'shared.7'],
    dpids: [55555],
    dataSources: ['crm_email'],
    fullReplace: false,
    recipients: false,
    updatedAt: '',
  };
  const info = (over: Partial<DropInfo>): DropInfo => ({
    format: 'aam-outbound',
    mode: 'incremental',
    source: 'aam',
    dpids: [55555],
    dropName: 'x',
    gzip: false,
    ...over,
  });
  const refusal = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(DropRefusedError);
      return (error as Error).message;
    }
    return undefined;
  };

  it('allows only the lists its patterns match, and never an api list', () => {
    const rights = new DropRights({ ...partner, lists: ['*'] });
    expect(refusal(() => rights.checkList('api.1'))).toBe('partner aam: may not change list api.1');
    const own = new DropRights(partner);
    expect(refusal(() => own.checkList('aam.777'))).toBeUndefined();
    expect(refusal(() => own.checkList('shared.7'))).toBeUndefined();
    expect(refusal(() => own.checkList('shared.70'))).toBe('partner aam: may not change list shared.70');
  });

  it('allows only its DPIDs and data sources, and every well-known namespace', () => {
    const rights = new DropRights(partner);
    expect(refusal(() => rights.check(info({ dpids: [999] })))).toBe('partner aam: may not use DPID 999');
    expect(refusal(() => rights.checkNamespace('dpid:55555', 'crm_email'))).toBeUndefined();
    expect(refusal(() => rights.checkNamespace('email', 'email'))).toBeUndefined();
    expect(refusal(() => rights.checkNamespace('dpid:5', 'dpid:5'))).toBe('partner aam: may not use DPID 5');
    expect(refusal(() => rights.checkNamespace('other_src', 'other_src'))).toBe(
      'partner aam: may not use data source other_src',
    );
  });
});
