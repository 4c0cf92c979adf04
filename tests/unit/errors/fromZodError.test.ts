import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { fromZodError, ValidationError } from '../../../shared/errors/index.ts';

describe('fromZodError', () => {
  it('names the failing field path and never the value', () => {
    const schema = z.object({ ids: z.array(z.object({ namespace: z.string() })).max(2) });
    const result = schema.safeParse({ ids: [{ namespace: 'secret@example.com' }, { namespace: 7 }] });
    expect(result.success).toBe(false);
    if (result.success) return;
    const error = fromZodError(result.error, 'body');
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.statusCode).toBe(400);
    expect(error.context.field).toBe('body.ids.1.namespace');
    expect(error.message).toMatch(/^body\.ids\.1\.namespace: /);
    expect(error.message).not.toContain('secret@example.com');
    expect(error.toBody()).toEqual({ error: { code: 'bad_request', message: error.message } });
  });
});
