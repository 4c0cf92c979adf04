import { describe, expect, it } from 'vitest';
import { parseControlFile } from '../../../shared/formats/index.ts';
import { controlFileJson } from '../../helpers/dropFiles.ts';

type Entry = Parameters<typeof controlFileJson>[0][number];

const files: [Entry, Entry] = [
  {
    FileName: 'S3_1_5_iter_1486140844000001.sync.gz',
    FileSequenceNumber: 1,
    FileByteSize: 100,
    FileLineCount: 3,
    md5: 'D41D8CD98F00B204E9800998ECF8427E',
  },
  {
    FileName: 'S3_1_5_iter_1486140844000002.sync.gz',
    FileSequenceNumber: 2,
    FileByteSize: 50,
    FileLineCount: 2,
    md5: '0cc175b9c0f1b6a831c399e269772661',
  },
];

describe('parseControlFile', () => {
  it('returns the typed control file with lower-case md5 when the JSON is valid', () => {
    expect(parseControlFile(controlFileJson(files))).toEqual({
      Files: [{ ...files[0], md5: 'd41d8cd98f00b204e9800998ecf8427e' }, files[1]],
      Totals: { TotalNumberFiles: 2, TotalNumberLines: 5, TotalByteSize: 150 },
    });
  });

  it('accepts numbers written as strings and a BOM when a partner writes them', () => {
    const text = `\ufeff${JSON.stringify({
      Files: [{ ...files[1], FileByteSize: '50', FileLineCount: '2' }],
      Totals: { TotalNumberFiles: '1', TotalNumberLines: 2, TotalByteSize: 50 },
    })}`;
    expect(parseControlFile(Buffer.from(text))).toMatchObject({
      Totals: { TotalNumberFiles: 1 },
      Files: [{ FileByteSize: 50 }],
    });
  });

  it('returns an error naming the field when a field is missing or malformed', () => {
    expect(parseControlFile(controlFileJson([{ ...files[0], md5: 'xyz' }]))).toEqual({
      error: 'Files.0.md5: expected 32 hex digits',
    });
    const { FileLineCount: _, ...noCount } = files[0];
    expect(
      parseControlFile(
        JSON.stringify({
          Files: [noCount],
          Totals: { TotalNumberFiles: 1, TotalNumberLines: 0, TotalByteSize: 100 },
        }),
      ),
    ).toEqual({
      error: 'Files.0.FileLineCount: expected a non-negative integer',
    });
    expect(parseControlFile(JSON.stringify({ Files: files }))).toHaveProperty('error');
    expect((parseControlFile(JSON.stringify({ Files: files })) as { error: string }).error).toMatch(
      /^Totals: /,
    );
  });

  it('returns an error when the totals disagree with the file list', () => {
    expect(parseControlFile(controlFileJson(files, { TotalNumberFiles: 3 }))).toEqual({
      error: 'Totals.TotalNumberFiles: expected 2 (the number of Files), got 3',
    });
    expect(parseControlFile(controlFileJson(files, { TotalNumberLines: 4 }))).toEqual({
      error: 'Totals.TotalNumberLines: expected 5 (the sum of FileLineCount), got 4',
    });
    expect(parseControlFile(controlFileJson(files, { TotalByteSize: 1 }))).toEqual({
      error: 'Totals.TotalByteSize: expected 150 (the sum of FileByteSize), got 1',
    });
    expect(parseControlFile(controlFileJson([files[0], files[0]]))).toEqual({
      error: 'Files: a FileName is listed twice',
    });
  });

  it('returns an error when the text is not JSON', () => {
    expect(parseControlFile('{"Files":')).toEqual({ error: '(file): not valid JSON' });
    expect(parseControlFile('[]')).toEqual({
      error: '(file): Invalid input: expected object, received array',
    });
  });
});
