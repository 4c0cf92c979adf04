import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type Line, readLines } from '../../../shared/lines/index.ts';

async function collect(body: Buffer, rejectedHeadBytes?: number): Promise<Line[]> {
  const out: Line[] = [];
  const options = { maxLineBytes: 10, ...(rejectedHeadBytes ? { rejectedHeadBytes } : {}) };
  for await (const line of readLines(Readable.from([body]), options)) out.push(line);
  return out;
}

describe('readLines rejectedHeadBytes', () => {
  it('keeps the first bytes of a rejected line when ingest asks for them', async () => {
    const body = Buffer.concat([
      Buffer.from('ok\nabcdefghijklmnop\n'),
      Buffer.from([0x61, 0xff, 0x0a]),
      Buffer.from('zzzzzzzzzzzzzzzzz'),
    ]);
    const lines = await collect(body, 4);
    expect(lines.map((l) => ('head' in l ? l.head?.toString('latin1') : undefined))).toEqual([
      undefined,
      'abcd',
      'a\xff',
      'zzzz',
    ]);
  });

  it('leaves error lines as they were when no head is asked for', async () => {
    expect(await collect(Buffer.from('abcdefghijklmnop\n'))).toEqual([
      { lineNumber: 1, error: 'line-too-long' },
    ]);
  });
});
