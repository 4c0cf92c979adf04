import { PayloadTooLargeError, ValidationError } from '../../shared/errors/index.ts';
import { RESERVED_KEYS } from '../../shared/http/index.ts';

const MAX_DEPTH = 32;

/** A UTF-16 surrogate without its pair: JSON's `\ud800` escape allows it, UTF-8 (and DynamoDB) cannot hold it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The first thing in a parsed body no route accepts, as `[path, expectation]`. */
function firstProblem(value: unknown, path: string, depth: number): [string, string] | undefined {
  if (typeof value === 'string') {
    return LONE_SURROGATE.test(value)
      ? [path, 'expected well-formed Unicode (found a lone surrogate)']
      : undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  if (depth >= MAX_DEPTH) return ['body', `expected JSON nested at most ${MAX_DEPTH} levels deep`];
  for (const [key, item] of Object.entries(value)) {
    const at = `${path}.${key}`;
    if (RESERVED_KEYS.has(key)) return [at, 'expected a key other than __proto__, constructor or prototype'];
    if (LONE_SURROGATE.test(key))
      return [path, 'expected keys in well-formed Unicode (found a lone surrogate)'];
    const problem = firstProblem(item, at, depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * Parses an HTTP body as JSON with the limits every route shares: size (413), syntax, nesting
 * depth, reserved keys (`__proto__`, `constructor`, `prototype`) and lone surrogates anywhere
 * (400 naming the field). An absent body is `undefined`.
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
  const problem = firstProblem(value, 'body', 0);
  if (problem) throw new ValidationError(`${problem[0]}: ${problem[1]}`, { field: problem[0] });
  return value;
}
