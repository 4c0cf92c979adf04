import type * as z from 'zod';
import { CorruptRecordError } from '../errors/index.ts';

/**
 * Reads a stored value through its schema: the parsed value, or a CorruptRecordError naming the
 * record and the first field that does not match (never the value: it may be personal data).
 */
export function parseStored<T extends z.ZodType>(schema: T, value: unknown, record: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = (issue?.path ?? []).map(String).join('.') || '(record)';
  throw new CorruptRecordError(
    `${record}: stored record is corrupt at ${field}: ${issue?.message ?? 'invalid'}`,
    {
      field,
    },
  );
}
