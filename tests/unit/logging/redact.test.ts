import { describe, expect, it } from 'vitest';
import { REDACTED, redact, redactString } from '../../../shared/logging/index.ts';

describe('redact', () => {
  it('replaces sensitive keys whatever they hold', () => {
    expect(redact({ email: 'a@b.co', phone: '+33612345678', token: 'x', count: 3 })).toEqual({
      email: REDACTED,
      phone: REDACTED,
      token: REDACTED,
      count: 3,
    });
  });

  it('removes emails, JWTs, visitor IDs, hashes and phones inside free text', () => {
    const text =
      'john.doe@example.com eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig ' +
      '12345678901234567890123456789012345678 ' +
      '55e79200c1635b37ad31a378c39feb12f120f116625093a19bc32fff15041149 +1 (415) 555-2671 line 12';
    expect(redactString(text)).toBe(`${REDACTED} ${REDACTED} ${REDACTED} ${REDACTED} ${REDACTED} line 12`);
  });

  it('keeps counters and codes, and stops at a bounded depth', () => {
    const deep: Record<string, unknown> = {};
    let cursor = deep;
    for (let i = 0; i < 10; i++) {
      cursor.next = {};
      cursor = cursor.next as Record<string, unknown>;
    }
    expect(redact({ linesRead: 10, code: 'format_error' })).toEqual({ linesRead: 10, code: 'format_error' });
    expect(JSON.stringify(redact(deep))).toContain(REDACTED);
  });
});
