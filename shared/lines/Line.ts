/**
 * One non-blank line of a drop file, or why it could not be read. `lineNumber` is 1-based and
 * counts every physical line, blank ones included, so errors point at the line a partner sees.
 */
export type Line =
  | { lineNumber: number; text: string }
  | {
      lineNumber: number;
      error: LineReadError;
      /** The line's first bytes (at most `rejectedHeadBytes`), only when the reader was asked for them. */
      head?: Buffer;
    };

/** Why a line could not be read: over the byte limit, or not valid UTF-8. */
export type LineReadError = 'line-too-long' | 'not-utf8';

/** The AAM limit on one line, in bytes, line end excluded (FORMATS.md "AAM inbound"). */
export const DEFAULT_MAX_LINE_BYTES = 102_400;
