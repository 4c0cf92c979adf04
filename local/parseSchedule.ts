import { ValidationError } from '../shared/errors/index.ts';

const UNIT_MS: Record<string, number> = {
  minute: 60_000,
  minutes: 60_000,
  hour: 3_600_000,
  hours: 3_600_000,
  day: 86_400_000,
  days: 86_400_000,
};

/**
 * The interval of an EventBridge `rate(N unit)` expression, in milliseconds (`rate(1 hour)` →
 * 3600000). Singular and plural units are both accepted. `cron(...)` is refused: locally only
 * rates are supported (the AWS stack takes either).
 *
 * @example
 * parseSchedule('rate(15 minutes)'); // 900000
 */
export function parseSchedule(expression: string): number {
  const match = /^rate\(\s*(\d+)\s+([a-z]+)\s*\)$/i.exec(expression.trim());
  const unit = match?.[2] ? UNIT_MS[match[2].toLowerCase()] : undefined;
  const count = Number(match?.[1]);
  if (!match || unit === undefined || !Number.isSafeInteger(count) || count < 1) {
    throw new ValidationError(
      'AB_SCHEDULE: expected rate(N minute|minutes|hour|hours|day|days) (cron is not supported locally)',
      { field: 'AB_SCHEDULE' },
    );
  }
  return count * unit;
}
