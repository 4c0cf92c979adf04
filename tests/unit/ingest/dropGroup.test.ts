import { describe, expect, it } from 'vitest';
import { dropGroup } from '../../../shared/ingest/index.ts';

describe('dropGroup', () => {
  it('puts a .info and the parts of its drop in one group when named either way', () => {
    const group = 'S3_1234_55555_XYZ_iter_1486140844000';
    expect(dropGroup(`${group}.info`)).toBe(group);
    expect(dropGroup(`${group}.sync.info`)).toBe(group);
    expect(dropGroup(`${group}.sync`)).toBe(group);
    expect(dropGroup(`${group}.sync.gz`)).toBe(group);
    expect(dropGroup('ftp_dpm_21_1486140844.overwrite')).toBe('ftp_dpm_21_1486140844');
  });
});
