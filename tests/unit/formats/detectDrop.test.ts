import { describe, expect, it } from 'vitest';
import { detectDrop } from '../../../shared/formats/index.ts';
import {
  aamInboundName,
  aamOutboundName,
  aamOutboundRow,
  aepName,
  ecid,
  fileBody,
  idSyncName,
} from '../../helpers/dropFiles.ts';

const plain = fileBody([aamOutboundRow(ecid(1), [10])]);
const gz = fileBody([aamOutboundRow(ecid(1), [10])], { gzip: true });

describe('detectDrop', () => {
  it('reads an AAM outbound incremental drop when the name has iter and .sync.gz', () => {
    expect(detectDrop(`inbound/partner/${aamOutboundName({ alias: 'XYZCustomer', gz: true })}`, gz)).toEqual({
      format: 'aam-outbound',
      mode: 'incremental',
      source: 'aam',
      dpids: [55555],
      timestamp: 1486140844000,
      dropName: 'S3_1234_55555_XYZCustomer_iter_1486140844000.sync',
      gzip: true,
    });
  });

  it('reads a full split AAM outbound part when the name has full and a split number', () => {
    expect(detectDrop(aamOutboundName({ kind: 'full', split: '002', masterDpid: 777 }), plain)).toEqual({
      format: 'aam-outbound',
      mode: 'full',
      source: 'aam',
      dpids: [777],
      timestamp: 1486140844000,
      split: 2,
      dropName: 'S3_1234_777_full_1486140844000.sync',
      gzip: false,
    });
  });

  it('groups split parts under one dropName when the split follows a dash', () => {
    const a = detectDrop('S3_1_5_My_Alias_iter_1486140844000-001.sync.gz', gz);
    const b = detectDrop('S3_1_5_My_Alias_iter_1486140844000-002.sync', plain);
    expect(a).toMatchObject({ dropName: 'S3_1_5_My_Alias_iter_1486140844000.sync', split: 1, gzip: true });
    expect(b).toMatchObject({ dropName: 'S3_1_5_My_Alias_iter_1486140844000.sync', split: 2, gzip: false });
  });

  it('detects gzip by the magic bytes when the name has no .gz', () => {
    expect(detectDrop(aamOutboundName(), gz)).toMatchObject({ format: 'aam-outbound', gzip: true });
  });

  it('says gzip false when a .gz name holds plain text', () => {
    expect(detectDrop(aamOutboundName({ gz: true }), plain)).toMatchObject({ gzip: false });
  });

  it('reads an AAM inbound sync file when the name is ftp_dpm_<DPID>_<ts>.sync', () => {
    expect(detectDrop(aamInboundName(), plain)).toEqual({
      format: 'aam-inbound',
      mode: 'sync',
      source: 'aam',
      dpids: [21],
      timestamp: 1486140844000,
      dropName: 'ftp_dpm_21_1486140844.sync',
      gzip: false,
    });
  });

  it('reads an AAM inbound overwrite split part with a target DPID when the name has both', () => {
    expect(detectDrop(aamInboundName({ targetDpid: 99, kind: 'overwrite', split: 3, gz: true }), gz)).toEqual(
      {
        format: 'aam-inbound',
        mode: 'overwrite',
        source: 'aam',
        dpids: [21, 99],
        timestamp: 1486140844000,
        split: 3,
        dropName: 'ftp_dpm_21_99_1486140844.overwrite',
        gzip: true,
      },
    );
  });

  it('marks the device form when the name is ftp_dpm_odc_', () => {
    expect(detectDrop(aamInboundName({ device: true }), plain)).toMatchObject({
      format: 'aam-inbound',
      device: true,
      dpids: [21],
      dropName: 'ftp_dpm_odc_21_1486140844.sync',
    });
  });

  it('reads an ID-sync file with every DPID when the name lists three', () => {
    expect(detectDrop(idSyncName([55555, 0, 555]), plain)).toEqual({
      format: 'aam-idsync',
      mode: 'sync',
      source: 'aam',
      dpids: [55555, 0, 555],
      timestamp: 1486140844000,
      dropName: '55555_0_555_1486140844.sync',
      gzip: false,
    });
  });

  it('reads an ID-sync file when the name has the adobe_id_ or c2c_id_ prefix', () => {
    expect(detectDrop(idSyncName([1, 2], { prefix: 'adobe_id_' }), plain)).toMatchObject({
      format: 'aam-idsync',
      dpids: [1, 2],
    });
    expect(detectDrop(idSyncName([3, 4], { prefix: 'c2c_id_' }), plain)).toMatchObject({
      format: 'aam-idsync',
      dpids: [3, 4],
      dropName: 'c2c_id_3_4_1486140844.sync',
    });
  });

  it('reads an AEP export with its segment and UTC timestamp when the name has _segment<id>_', () => {
    const segmentId = '12341e18-abcd-49c2-836d-123c88e76c39';
    expect(detectDrop(`inbound/${aepName(segmentId, { split: 2 })}`, plain)).toEqual({
      format: 'aep-csv',
      mode: 'incremental',
      source: 'aep',
      dpids: [],
      timestamp: Date.UTC(2024, 0, 2, 3, 4, 5),
      split: 2,
      dropName: `Campaign_Destination_segment${segmentId}_20240102030405.csv`,
      gzip: false,
      segmentId,
    });
  });

  it('reads a recipients CSV when the key is under inbound/recipients/', () => {
    expect(detectDrop('inbound/recipients/load-1.csv.gz', gz)).toEqual({
      format: 'recipients-csv',
      mode: 'incremental',
      source: 'campaign',
      dpids: [],
      dropName: 'load-1.csv',
      gzip: true,
    });
  });

  it('reads a generic CSV when the header names id, namespace and segment', () => {
    const body = fileBody(['ID,Namespace,Segment,Status', 'a,crm,1,']);
    expect(detectDrop('inbound/crm/members.csv', body)).toEqual({
      format: 'csv',
      mode: 'incremental',
      source: 'generic',
      dpids: [],
      dropName: 'members.csv',
      gzip: false,
    });
  });

  it('reads a generic full CSV when the name ends with .full.csv', () => {
    expect(detectDrop('inbound/x.full.csv', fileBody(['id,namespace,segment']))).toMatchObject({
      mode: 'full',
    });
  });

  it('reads NDJSON by content when the name tells nothing and the head is gzipped', () => {
    const body = fileBody(['', '{"id":"a","namespace":"crm","segment":"1"}'], { gzip: true, bom: true });
    expect(detectDrop('inbound/upload-7', body)).toEqual({
      format: 'ndjson',
      mode: 'incremental',
      source: 'generic',
      dpids: [],
      dropName: 'upload-7',
      gzip: true,
    });
  });

  it('reads a generic CSV by content when the name has no extension', () => {
    expect(detectDrop('inbound/blob', fileBody(['id,namespace,segment', 'a,crm,1']))).toMatchObject({
      format: 'csv',
    });
  });

  it('returns an error when the file is empty', () => {
    expect(detectDrop(aamOutboundName(), Buffer.alloc(0))).toEqual({ error: 'empty file' });
    expect(detectDrop('inbound/x.csv', fileBody(['', '  ']))).toEqual({ error: 'empty file' });
  });

  it('returns an error when the key is an .info control file', () => {
    expect(detectDrop('inbound/S3_1234_55555_iter_1486140844000.info', plain)).toEqual({
      error: 'control file (.info): not a data file',
    });
  });

  it('returns an error naming the columns when a .csv has no generic header', () => {
    expect(detectDrop('inbound/x.csv', fileBody(['email,name']))).toEqual({
      error: 'csv: the header row must name the columns id, namespace and segment',
    });
  });

  it('returns an unknown-format error when neither name nor content tells', () => {
    const result = detectDrop('inbound/report.txt', fileBody(['hello world']));
    expect(result).toHaveProperty('error');
    expect((result as { error: string }).error).toMatch(/^unknown format:/);
  });

  it('returns an error when the head is gzip magic followed by garbage and the name tells nothing', () => {
    expect(detectDrop('inbound/blob', Buffer.from([0x1f, 0x8b, 0x00, 0x01, 0x02]))).toEqual({
      error: 'gzip: the head of the file is not readable gzip data',
    });
  });
});
