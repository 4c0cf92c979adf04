import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aesCbcDecryptHex,
  aesCbcEncryptHex,
  hashDeclared,
  normaliseId,
  sha256Hex,
  WELL_KNOWN_NAMESPACES,
} from '../../../shared/identifiers/index.ts';

interface NormaliseVector {
  namespace: string;
  value?: string;
  repeat?: { char: string; times: number };
  value_out?: string;
  value_out_length?: number;
  reason?: 'invalid' | 'blocked';
  detail?: string;
}
interface Vectors {
  normalise: NormaliseVector[];
  sha256: Array<{ text: string; hex: string }>;
  aesCbc: Array<{ plain: string; keyHex: string; ivHex: string; hex: string }>;
  hashDeclared: Array<{ type: 'email' | 'phone'; value: string; hex: string }>;
}

const vectors = JSON.parse(
  readFileSync(new URL('../../fixtures/identifier-vectors.json', import.meta.url), 'utf8'),
) as Vectors;
const inputOf = (v: NormaliseVector) => v.value ?? (v.repeat ? v.repeat.char.repeat(v.repeat.times) : '');

describe('normaliseId', () => {
  it.each(vectors.normalise.map((v) => [`${v.namespace} ${JSON.stringify(inputOf(v)).slice(0, 40)}`, v]))(
    'matches the vector when %s',
    (_name, v) => {
      const out = normaliseId(v.namespace, inputOf(v));
      if (v.reason) {
        expect(out).toEqual({ ok: false, reason: v.reason, detail: v.detail });
      } else if (v.value_out_length !== undefined) {
        expect(out.ok && out.value.length).toBe(v.value_out_length);
      } else {
        expect(out).toEqual({ ok: true, value: v.value_out });
      }
    },
  );

  it('has 57 vectors when the fixture is read', () => {
    expect(vectors.normalise).toHaveLength(57);
  });

  const namespaces = [...WELL_KNOWN_NAMESPACES, 'dpid:999999', 'crm_ds', 'custom_sha256'];
  const sample = fc.oneof(
    fc.string({ maxLength: 80 }),
    fc.stringMatching(/^\s?[A-Za-z0-9._+-]{1,12}@[A-Za-z0-9-]{1,10}\.[A-Za-z]{2,4}\s?$/),
    fc.stringMatching(/^\+?[0-9 ()-]{6,18}$/),
    fc.stringMatching(/^[0-9]{38}$/),
    fc.stringMatching(/^[0-9a-fA-F]{64}$/),
    fc.uuid(),
  );

  it.each(namespaces)('is idempotent when the namespace is %s', (namespace) => {
    fc.assert(
      fc.property(sample, (value) => {
        const once = normaliseId(namespace, value);
        if (once.ok) expect(normaliseId(namespace, once.value)).toEqual(once);
      }),
      { numRuns: 300 },
    );
  });
});

describe('sha256Hex', () => {
  it.each(vectors.sha256)('hashes $text to the documented vector', ({ text, hex }) => {
    expect(sha256Hex(text)).toBe(hex);
  });
});

describe('aesCbcEncryptHex', () => {
  it.each(vectors.aesCbc)('encrypts and decrypts $plain when the key is the documented one', (v) => {
    const key = { keyHex: v.keyHex, ivHex: v.ivHex };
    expect(aesCbcEncryptHex(v.plain, key)).toBe(v.hex);
    expect(aesCbcDecryptHex(v.hex, key)).toBe(v.plain);
  });

  it('returns undefined when decrypting with the wrong key', () => {
    const wrong = { keyHex: 'F'.repeat(64), ivHex: '0'.repeat(32) };
    expect(aesCbcDecryptHex('a4e70c52b4ca4a338d6d0ea25986355284f6ea47bb275506e61fa25b4ec4d365', wrong)).toBe(
      undefined,
    );
  });

  it('throws a 400 naming aes.keyHex when the key has 40 hex digits', () => {
    expect(() => aesCbcEncryptHex('x', { keyHex: 'a'.repeat(40), ivHex: '0'.repeat(32) })).toThrow(
      'aes.keyHex: expected 32, 48 or 64 hex digits (128/192/256 bits)',
    );
  });
});

describe('hashDeclared', () => {
  it.each(vectors.hashDeclared)('hashes a $type to the vector', ({ type, value, hex }) => {
    expect(hashDeclared(type, value)).toBe(hex);
  });

  it('throws a 400 naming value when the email is malformed', () => {
    expect(() => hashDeclared('email', 'not-an-email')).toThrow('value: expected an email address');
  });
});
