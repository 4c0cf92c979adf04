const LF = 0x0a;

/** A byte range of a drop: `[start, end)`, its first line numbered `firstLine` in the whole file. */
export interface DropRange {
  start: number;
  end: number;
  firstLine: number;
}

/**
 * Cuts a drop's plain bytes (a gzip drop's once decompressed) into ranges of about `rangeBytes`
 * at line boundaries, in one pass that only counts newlines: range `r` starts one past the first
 * newline at or after `r × rangeBytes` (the first at 0) and ends where the next starts (the last
 * at the end of the file), and knows the number of its first line, so every range numbers its
 * lines as the whole file does. Undefined once past `maxBytes` (such a drop is read whole, and
 * fails as one).
 *
 * @example
 * await cutRanges(Readable.from([Buffer.from('a\nb\nc\n')]), 2); // [{0,2,1},{2,4,2},{4,6,3}]
 */
export async function cutRanges(
  source: AsyncIterable<Buffer>,
  rangeBytes: number,
  maxBytes = Number.POSITIVE_INFINITY,
): Promise<DropRange[] | undefined> {
  const starts = [{ start: 0, firstLine: 1 }];
  let offset = 0;
  let lines = 0;
  let next = rangeBytes;
  for await (const chunk of source) {
    for (let at = chunk.indexOf(LF); at !== -1; at = chunk.indexOf(LF, at + 1)) {
      lines += 1;
      const position = offset + at;
      if (position < next) continue;
      starts.push({ start: position + 1, firstLine: lines + 1 });
      // The next nominal cut past this newline (a line longer than a range spans several cuts).
      next = (Math.floor(position / rangeBytes) + 1) * rangeBytes;
    }
    offset += chunk.length;
    if (offset > maxBytes) return undefined;
  }
  // A cut at the very end (the file ends with a newline) starts no range.
  if (starts.length > 1 && (starts.at(-1)?.start ?? 0) >= offset) starts.pop();
  return starts.map((range, r) => ({ ...range, end: starts[r + 1]?.start ?? offset }));
}
