import { PayloadTooLargeError, ValidationError } from '../../shared/errors/index.ts';

const MAX_DEPTH = 32;

/** Levels of nested arrays/objects (`[]` is 1), stopping early once past the limit. */
function depthOf(value: unknown, depth = 0): number {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return depth;
  let deepest = depth + 1;
  for (const item of Object.values(value)) deepest = Math.max(deepest, depthOf(item, depth + 1));
  return deepest;
}

/**
 * Parses an HTTP body as JSON with the limits every route shares: size (413), syntax and nesting
 * depth (400). An absent body is `undefined`.
 */
export function parseJsonBody(raw: string | undefined, isBase64: boolean, maxBytes: number): unknown {
  if (raw === undefined || raw === '') return undefined;
  const text = isBase64 ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  const bytes = Buffer.byteLength(text);
  if (bytes > maxBytes) {
    throw new PayloadTooLargeError(`body: expected at most ${maxBytes} bytes, got ${bytes}`, {
      field: 'body',
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ValidationError('body: expected valid JSON', { field: 'body' });
  }
  if (depthOf(value) > MAX_DEPTH) {
    throw new ValidationError(`body: expected JSON nested at most ${MAX_DEPTH} levels deep`, {
      field: 'body',
    });
  }
  return value;
}
