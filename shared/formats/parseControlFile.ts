import * as z from 'zod';

/** A non-negative integer, also read from a string of digits (partners write both). */
const count = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)], {
  error: 'expected a non-negative integer',
});

/** The zod schema of an AAM `.info` control file (FORMATS.md "AAM outbound"). */
export const controlFileSchema = z.object({
  Files: z
    .array(
      z.object({
        FileName: z.string().min(1),
        FileSequenceNumber: count,
        FileByteSize: count,
        FileLineCount: count,
        md5: z
          .string()
          .regex(/^[0-9a-fA-F]{32}$/, { error: 'expected 32 hex digits' })
          .transform((value) => value.toLowerCase()),
      }),
    )
    .min(1),
  Totals: z.object({
    TotalNumberFiles: count,
    TotalNumberLines: count,
    TotalByteSize: count,
  }),
});

/** A parsed `.info` control file: the data files a drop must contain, and their totals. */
export type ControlFile = z.output<typeof controlFileSchema>;

/**
 * Reads an AAM `.info` control file (JSON): checks it with {@link controlFileSchema} and that the
 * totals agree with the file list. Returns the typed object, or `{ error }` naming the field
 * (`Files.1.md5: expected 32 hex digits`), never throwing for bad input.
 *
 * @example
 * const control = parseControlFile(await body.transformToString());
 * if ('error' in control) fail(control.error); else control.Files.map((f) => f.FileName);
 */
export function parseControlFile(text: string | Buffer): ControlFile | { error: string } {
  let json: unknown;
  try {
    const source = typeof text === 'string' ? text : text.toString('utf8');
    json = JSON.parse(source.charCodeAt(0) === 0xfeff ? source.slice(1) : source);
  } catch {
    return { error: '(file): not valid JSON' };
  }
  const parsed = controlFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = (issue?.path ?? []).map(String).join('.') || '(file)';
    return { error: `${field}: ${issue?.message ?? 'invalid'}` };
  }
  const control = parsed.data;
  const { Files: files, Totals: totals } = control;
  if (totals.TotalNumberFiles !== files.length) {
    return {
      error: `Totals.TotalNumberFiles: expected ${files.length} (the number of Files), got ${totals.TotalNumberFiles}`,
    };
  }
  const lines = files.reduce((sum, file) => sum + file.FileLineCount, 0);
  if (totals.TotalNumberLines !== lines) {
    return {
      error: `Totals.TotalNumberLines: expected ${lines} (the sum of FileLineCount), got ${totals.TotalNumberLines}`,
    };
  }
  const bytes = files.reduce((sum, file) => sum + file.FileByteSize, 0);
  if (totals.TotalByteSize !== bytes) {
    return {
      error: `Totals.TotalByteSize: expected ${bytes} (the sum of FileByteSize), got ${totals.TotalByteSize}`,
    };
  }
  const names = new Set(files.map((file) => file.FileName));
  if (names.size !== files.length) return { error: 'Files: a FileName is listed twice' };
  return control;
}
