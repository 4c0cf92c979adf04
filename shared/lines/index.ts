export { isGzip } from './isGzip.ts';
export { DEFAULT_MAX_LINE_BYTES, type Line, type LineReadError } from './Line.ts';
export { LineSplitter } from './LineSplitter.ts';
export { DEFAULT_HEAD_BYTES, peekHead } from './peekHead.ts';
export { isZlibError, plainBytes } from './plainBytes.ts';
export { readLineBatches } from './readLineBatches.ts';
export { readLines } from './readLines.ts';
