import { describe, expect, it } from 'vitest';
import { randomPassword } from './password.js';
import { scramMatches, scramVerifier } from './postgres-rotator.js';
import { nextRun } from './schedule.js';
import { backoffMs, redact } from './worker.js';

const from = new Date('2026-01-01T10:30:00Z');

describe('rotation schedules', () => {
  it('reads rate() and cron() (5 fields, or 6 with year *), in UTC', () => {
    expect(nextRun('rate(30 days)', from).toISOString()).toBe('2026-01-31T10:30:00.000Z');
    expect(nextRun('rate(12 hours)', from).toISOString()).toBe('2026-01-01T22:30:00.000Z');
    expect(nextRun('cron(0 4 * * *)', from).toISOString()).toBe('2026-01-02T04:00:00.000Z');
    expect(nextRun('cron(0 4 ? * MON *)', from).toISOString()).toBe('2026-01-05T04:00:00.000Z');
  });
  it.each([
    ['every day', /rate\(N days\|hours\) or cron/],
    ['rate(1 hours)', /at least 4 hours/],
    ['rate(3 weeks)', /unit must be/],
    ['cron(*/5 * * * *)', /at least 4 hours/],
    ['cron(0 4 * *)', /5 fields/],
    ['cron(0 99 * * *)', /invalid/],
  ])('refuses %s', (schedule, message) => {
    expect(() => nextRun(schedule, from)).toThrow(message);
  });
});

describe('rotation helpers', () => {
  it('makes passwords of the asked length with every included class', () => {
    const p = randomPassword({ length: 12, excludeCharacters: 'abc' });
    expect(p).toHaveLength(12);
    expect(p).toMatch(/[A-Z]/);
    expect(p).toMatch(/[0-9]/);
    expect(p).not.toMatch(/[abc]/);
    expect(() => randomPassword({ length: 4 })).toThrow(/8 to 4096/);
  });
  it('computes SCRAM verifiers PostgreSQL accepts and can check them', () => {
    const v = scramVerifier('s3cret-pass');
    expect(v).toMatch(/^SCRAM-SHA-256\$4096:/);
    expect(scramMatches(v, 's3cret-pass')).toBe(true);
    expect(scramMatches(v, 'other')).toBe(false);
  });
  it('redacts known values from recorded errors and backs off exponentially', () => {
    expect(redact('password "hunter22" rejected', ['hunter22'])).toBe('password "***" rejected');
    expect([1, 2, 3].map(backoffMs)).toEqual([30_000, 60_000, 120_000]);
    expect(backoffMs(20)).toBe(3_600_000);
  });
});
