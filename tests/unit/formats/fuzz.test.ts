import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../../shared/errors/index.ts';
import {
  createLineParser,
  type DropInfo,
  detectDrop,
  inspectDrop,
  parseControlFile,
} from '../../../shared/formats/index.ts';
import { type Line, readLines } from '../../../shared/lines/index.ts';
import {
  aamInboundName,
  aamInboundRow,
  aamOutboundName,
  aamOutboundRow,
  aepName,
  chunked,
  collect,
  controlFileJson,
  csvRow,
  ecid,
  idSyncName,
} from '../../helpers/dropFiles.ts';

const RUNS = 200;
const SECRET = 'SECRET7Q';

/** Characters partners' files are made of, plus the ones that break parsers. */
const partnerChar = fc.constantFrom(
  ...'0123456789abcdefXYZ@._-+=:,;" \t\\{}[]'.split(''),
  'é',
  '😀',
  '\u0000',
  SECRET,
);
const fuzzLine = fc.array(partnerChar, { maxLength: 60 }).map((chars) => chars.join('').replaceAll('\n', ''));

/** A valid row of each format, to mutate. */
const validRows: Record<string, { key: string; header?: string; rows: string[] }> = {
  'aam-outbound': {
    key: aamOutboundName(),
    rows: [aamOutboundRow(ecid(1), [1, 2], [3]), aamOutboundRow(SECRET, [4]), `${ecid(2)}`],
  },
  'aam-inbound': {
    key: aamInboundName(),
    rows: [aamInboundRow(SECRET, ['d_sid=5', '"k"="v,w"', '6:-1', 'ic=x']), aamInboundRow('a', [])],
  },
  'aam-inbound-odc': { key: aamInboundName({ device: true }), rows: [aamInboundRow(SECRET, ['1'], 'idfa')] },
  'aam-idsync': { key: idSyncName([1, 0, 2]), rows: [`${SECRET}\t${ecid(3)}\tz`] },
  'aep-csv': {
    key: aepName('9'),
    header: csvRow(['ECID', 'Email', 'segmentMembership.status']),
    rows: [csvRow([ecid(4), `${SECRET}@example.com`, 'exited']), csvRow(['', 'a@b.example', ''])],
  },
  'recipients-csv': {
    key: 'inbound/recipients/r.csv',
    header: 'recipientId,email,phone,tier',
    rows: [`${SECRET},a@b.example,+33612345678,"g,old"`],
  },
  csv: { key: 'inbound/x.csv', header: 'id,namespace,segment,status', rows: [`${SECRET},crm,1,exited`] },
  ndjson: { key: 'inbound/x.ndjson', rows: [`{"id":"${SECRET}","namespace":"crm","segment":1}`] },
};

/** A mutation of a valid row: delete, insert or replace a few characters. */
function mutatedRow(rows: string[]): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom(...rows),
      fc.array(fc.tuple(fc.constantFrom('delete', 'insert', 'replace'), fc.nat(), partnerChar), {
        maxLength: 4,
      }),
    )
    .map(([row, edits]) => {
      let out = row;
      for (const [op, at, char] of edits) {
        const i = out.length === 0 ? 0 : at % out.length;
        if (op === 'delete') out = out.slice(0, i) + out.slice(i + 1);
        else if (op === 'insert') out = out.slice(0, i) + char + out.slice(i);
        else out = out.slice(0, i) + char + out.slice(i + 1);
      }
      return out;
    });
}

function infoFor(key: string, firstLine: string): DropInfo {
  const info = detectDrop(key, Buffer.from(`${firstLine}\n`));
  if ('error' in info) throw new Error(`fuzz setup: ${info.error}`);
  return info;
}

/** What readLines must yield, computed the slow and obvious way. */
function expectedLines(body: Buffer, maxLineBytes: number): Line[] {
  let bytes = body;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i += 1) {
    if (bytes[i] === 0x0a) {
      parts.push(bytes.subarray(start, i));
      start = i + 1;
    }
  }
  if (start < bytes.length) parts.push(bytes.subarray(start));
  const out: Line[] = [];
  parts.forEach((part, index) => {
    const line = part[part.length - 1] === 0x0d ? part.subarray(0, -1) : part;
    const lineNumber = index + 1;
    // Over the limit is an error whatever the bytes: the reader cannot hold the line to look.
    if (line.length > maxLineBytes) out.push({ lineNumber, error: 'line-too-long' });
    else if (/^[ \t\r]*$/.test(line.toString('latin1'))) return;
    else {
      try {
        out.push({
          lineNumber,
          text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(line),
        });
      } catch {
        out.push({ lineNumber, error: 'not-utf8' });
      }
    }
  });
  return out;
}

describe('fuzz: readLines', () => {
  const byte = fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
    { weight: 2, arbitrary: fc.constantFrom(0x0a, 0x0d, 0x20, 0x09) },
    { weight: 1, arbitrary: fc.constantFrom(0xef, 0xbb, 0xbf, 0xc3, 0xa9, 0xff, 0x80, 0xe2, 0x82, 0xac) },
  );

  it('yields exactly the non-blank lines, whatever the bytes and chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(byte, { maxLength: 400 }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 40 }),
        async (bytes, chunkSize, maxLineBytes) => {
          const body = Buffer.from(bytes);
          if (body[0] === 0x1f && body[1] === 0x8b) return;
          const lines = await collect(readLines(chunked(body, chunkSize), { maxLineBytes }));
          expect(lines).toEqual(expectedLines(body, maxLineBytes));
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it('either reads or throws a FormatError when gzip bytes are mutated', async () => {
    const { gzipSync } = await import('node:zlib');
    const original = gzipSync(Buffer.from('a 1\nb 2\r\n\nc 3'));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }),
        fc.nat(),
        async (edits, cut) => {
          const body = Buffer.from(original);
          for (const [at, value] of edits) body[2 + (at % (body.length - 2))] = value;
          const truncated = body.subarray(0, 2 + (cut % (body.length - 1)));
          try {
            const lines = await collect(readLines(chunked(truncated, 7)));
            expect(lines.length).toBeLessThanOrEqual(20);
          } catch (error) {
            expect(error).toBeInstanceOf(FormatError);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('fuzz: parsers', () => {
  for (const [name, sample] of Object.entries(validRows)) {
    it(`${name}: never throws and never echoes content when lines are random or mutated`, () => {
      const info = infoFor(sample.key, sample.header ?? sample.rows[0] ?? '');
      fc.assert(
        fc.property(
          fc.array(fc.oneof(fuzzLine, mutatedRow(sample.rows)), { minLength: 1, maxLength: 20 }),
          (lines) => {
            const parser = createLineParser(info);
            if (sample.header) parser.parseLine(sample.header, 1);
            lines.forEach((line, index) => {
              if (line.trim() === '') return;
              const result = parser.parseLine(line, index + 2);
              expect(result).not.toBeNull();
              if (result !== null && !('kind' in result)) {
                expect(typeof result.reason).toBe('string');
                expect(result.reason).not.toContain(SECRET);
              }
            });
          },
        ),
        { numRuns: RUNS },
      );
    });
  }
});

describe('fuzz: inspectDrop', () => {
  for (const [name, sample] of Object.entries(validRows)) {
    it(`${name}: counts every non-blank line as processed or as an error`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.oneof(fuzzLine, mutatedRow(sample.rows), fc.constantFrom(...sample.rows), fc.constant('')),
            {
              minLength: 1,
              maxLength: 30,
            },
          ),
          fc.constantFrom('\n', '\r\n'),
          async (rows, eol) => {
            const lines = sample.header ? [sample.header, ...rows] : rows;
            const body = Buffer.from(lines.join(eol));
            const nonBlank =
              lines.filter((line) => !/^[ \t\r]*$/.test(line)).length - (sample.header ? 1 : 0);
            try {
              const receipt = await inspectDrop(chunked(body, 16), sample.key);
              expect(receipt.linesRead).toBe(nonBlank);
              expect(receipt.formatErrors + receipt.invalidIds + receipt.recordsProcessed).toBe(
                receipt.linesRead,
              );
              expect(receipt.errors.length).toBe(Math.min(100, receipt.formatErrors + receipt.invalidIds));
              expect(JSON.stringify(receipt.errors)).not.toContain(SECRET);
            } catch (error) {
              // Rejected whole only when there is no data line (or the name/content says nothing).
              expect(error).toBeInstanceOf(FormatError);
              if (sample.key.endsWith('.ndjson') || sample.key.endsWith('x.csv')) return;
              expect(nonBlank).toBe(0);
            }
          },
        ),
        { numRuns: RUNS / 2 },
      );
    });
  }
});

describe('fuzz: parseControlFile', () => {
  it('returns an object or an error, never throws, when the JSON is mutated', () => {
    const valid = controlFileJson([
      {
        FileName: 'a.sync',
        FileSequenceNumber: 1,
        FileByteSize: 10,
        FileLineCount: 2,
        md5: 'd41d8cd98f00b204e9800998ecf8427e',
      },
    ]);
    fc.assert(
      fc.property(mutatedRow([valid]), fc.json(), (mutated, random) => {
        for (const text of [mutated, random]) {
          const result = parseControlFile(text);
          if ('error' in result) expect(typeof result.error).toBe('string');
          else expect(result.Files.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: RUNS * 2 },
    );
  });
});
