import { describe, expect, it } from 'vitest';
import { parseJsonBody } from '../../../../functions/middleware/parseJsonBody.ts';
import { PayloadTooLargeError, ValidationError } from '../../../../shared/errors/index.ts';

describe('parseJsonBody', () => {
  it('returns undefined for an absent body and parses base64 bodies', () => {
    expect(parseJsonBody(undefined, false, 100)).toBeUndefined();
    expect(parseJsonBody(Buffer.from('{"a":1}').toString('base64'), true, 100)).toEqual({ a: 1 });
  });

  it('answers 413 past the byte limit, counting UTF-8 bytes', () => {
    expect(() => parseJsonBody(JSON.stringify({ a: 'é'.repeat(50) }), false, 100)).toThrow(
      PayloadTooLargeError,
    );
    expect(() => parseJsonBody(JSON.stringify({ a: 'e'.repeat(50) }), false, 100)).not.toThrow();
  });

  it('answers 400 for bad JSON and for nesting deeper than 32 levels', () => {
    expect(() => parseJsonBody('{"a":', false, 100)).toThrow(ValidationError);
    const deep = `${'['.repeat(33)}${']'.repeat(33)}`;
    const ok = `${'['.repeat(32)}${']'.repeat(32)}`;
    expect(() => parseJsonBody(deep, false, 1000)).toThrow(/nested at most 32/);
    expect(parseJsonBody(ok, false, 1000)).toBeInstanceOf(Array);
  });

  it('answers 400 naming the field for a reserved key or a lone surrogate anywhere in the body', () => {
    expect(() => parseJsonBody('{"a":[{"constructor":1}]}', false, 1000)).toThrow(
      'body.a.0.constructor: expected a key other than __proto__, constructor or prototype',
    );
    expect(() => parseJsonBody('{"__proto__":{}}', false, 1000)).toThrow(/^body\.__proto__: /);
    expect(() => parseJsonBody('{"a":{"b":"x\\udfff"}}', false, 1000)).toThrow(
      'body.a.b: expected well-formed Unicode (found a lone surrogate)',
    );
    expect(parseJsonBody('{"a":"\\ud83d\\ude00","constructors":1}', false, 1000)).toEqual({
      a: '😀',
      constructors: 1,
    });
  });
});
