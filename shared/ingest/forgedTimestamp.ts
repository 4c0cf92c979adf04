import type { DropInfo } from '../formats/index.ts';

/**
 * How far a file name's timestamp may run ahead of the object's upload time (S3 `LastModified`):
 * room for the partner's clock being a little fast, never for a date in the future.
 */
export const DROP_CLOCK_SLACK_MS = 15 * 60_000;

/**
 * The reason to refuse a drop whose name claims a time after it was uploaded, or undefined. A
 * name timestamp orders drops and decides which `full` file is stale; a forged one in the future
 * (`…_full_9999999999999.sync`) would freeze its lists, every real `full` drop after it skipped.
 *
 * @example
 * forgedTimestamp({ timestamp: 9_999_999_999_999, … }, new Date('2026-12-02T09:00:00Z'));
 * // 'file: the name says 2286-11-20T17:46:39.999Z, later than its upload at 2026-12-02T09:00:00.000Z plus 15 min'
 */
export function forgedTimestamp(info: DropInfo, lastModified: Date | undefined): string | undefined {
  if (info.timestamp === undefined || lastModified === undefined) return undefined;
  if (info.timestamp <= lastModified.getTime() + DROP_CLOCK_SLACK_MS) return undefined;
  const named = Number.isFinite(new Date(info.timestamp).getTime())
    ? new Date(info.timestamp).toISOString()
    : String(info.timestamp);
  return `file: the name says ${named}, later than its upload at ${lastModified.toISOString()} plus ${DROP_CLOCK_SLACK_MS / 60_000} min`;
}
