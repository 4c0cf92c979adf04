import { Duration } from 'aws-cdk-lib';

const UNITS: Record<string, (n: number) => Duration> = {
  minute: Duration.minutes,
  minutes: Duration.minutes,
  hour: Duration.hours,
  hours: Duration.hours,
  day: Duration.days,
  days: Duration.days,
};

/**
 * How often the scheduled trigger fires, for alarms sized on it. `rate(N unit)` is exact; a
 * `cron(…)` expression has no single interval, so one hour (the default rate) is assumed.
 *
 * @example
 * scheduleInterval('rate(2 hours)').toMinutes(); // 120
 */
export function scheduleInterval(expression: string): Duration {
  const match = /^rate\((\d+)\s+(minutes?|hours?|days?)\)$/.exec(expression.trim());
  const amount = Number(match?.[1]);
  const unit = match?.[2] ? UNITS[match[2]] : undefined;
  if (!unit || !Number.isInteger(amount) || amount < 1) return Duration.hours(1);
  return unit(amount);
}
