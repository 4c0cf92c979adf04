import type * as z from 'zod';
import { ValidationError } from './httpErrors.ts';

/**
 * Turns a zod failure into a 400 that names the first failing field, what was expected and the
 * kind of value found (never the value itself: it may be personal data).
 */
export function fromZodError(error: z.ZodError, prefix = ''): ValidationError {
  const issue = error.issues[0];
  const path = [prefix, ...(issue?.path ?? []).map(String)].filter(Boolean).join('.');
  const field = path || '(body)';
  return new ValidationError(`${field}: ${issue?.message ?? 'invalid'}`, { field }, { cause: error });
}
