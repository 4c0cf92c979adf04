import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { scheduleInterval } from '../../infra/observability/scheduleInterval.ts';
import { readSettings } from '../../infra/settings.ts';
import { ValidationError } from '../../shared/errors/index.ts';

const settingsOf = (context: Record<string, unknown>) => readSettings(new App({ context }).node);

describe('readSettings', () => {
  it('returns offline defaults when no context is given', () => {
    expect(settingsOf({})).toEqual({
      jwtIssuer: 'https://auth.example.com/',
      jwtAudience: 'audience-bridge',
      alarmEmails: [],
      rejectionRateThreshold: 0.05,
      schedule: 'rate(1 hour)',
      exportOverdueAlarm: true,
      ingestConcurrency: 10,
      exportConcurrency: 4,
      consoleOrigins: ['*'],
      destinationRoleArns: [],
    });
  });

  it('parses -c strings (numbers, booleans, JSON and comma lists) when given on the command line', () => {
    const s = settingsOf({
      'audience-bridge:rejectionRateThreshold': '0.1',
      'audience-bridge:exportOverdueAlarm': 'false',
      'audience-bridge:alarmEmails': 'a@example.com, b@example.com',
      'audience-bridge:ingestConcurrency': '3',
    });
    expect(s).toMatchObject({
      rejectionRateThreshold: 0.1,
      exportOverdueAlarm: false,
      alarmEmails: ['a@example.com', 'b@example.com'],
      ingestConcurrency: 3,
    });
    expect(settingsOf({ 'audience-bridge:alarmEmails': '["c@example.com"]' }).alarmEmails).toEqual([
      'c@example.com',
    ]);
  });

  it('throws a ValidationError naming the key when a value is malformed', () => {
    expect(() => settingsOf({ 'audience-bridge:schedule': 'every hour' })).toThrow(ValidationError);
    expect(() => settingsOf({ 'audience-bridge:rejectionRateThreshold': '2' })).toThrow(
      /audience-bridge:rejectionRateThreshold/,
    );
    expect(() => settingsOf({ 'audience-bridge:jwtIssuer': 'not a url' })).toThrow(
      /audience-bridge:jwtIssuer/,
    );
  });
});

describe('scheduleInterval', () => {
  it('reads rate() expressions in minutes, hours and days', () => {
    expect(scheduleInterval('rate(1 hour)').toSeconds()).toBe(3600);
    expect(scheduleInterval('rate(30 minutes)').toSeconds()).toBe(1800);
    expect(scheduleInterval('rate(2 days)').toSeconds()).toBe(172_800);
  });

  it('assumes one hour when the expression is a cron', () => {
    expect(scheduleInterval('cron(0 6 * * ? *)').toSeconds()).toBe(3600);
  });
});
