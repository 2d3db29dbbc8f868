// Rotation schedules, as AWS Secrets Manager writes them: `rate(N days|hours)` or `cron(...)`.
// Cron expressions are parsed by cron-parser (maintained, handles ranges, steps, names and L/W/#),
// evaluated in UTC. Five fields (minute hour day month weekday) or AWS's six (with year, which must be `*`).
import { CronExpressionParser } from 'cron-parser';
import { InputError } from '../../kernel/errors.js';

const UNIT_MS: Record<string, number> = { minute: 60_000, minutes: 60_000, hour: 3_600_000, hours: 3_600_000, day: 86_400_000, days: 86_400_000 };
/** Rotating more often than this is a configuration mistake (and hammers the target system). */
const MIN_INTERVAL_MS = 4 * 3_600_000;

/** The next time after `from` the schedule fires; throws InputError naming the problem. */
export function nextRun(schedule: string, from: Date = new Date()): Date {
  const where = [{ path: 'body.schedule', message: schedule }];
  const rate = /^rate\(\s*(\d+)\s+([a-z]+)\s*\)$/.exec(schedule.trim());
  if (rate) {
    const unit = UNIT_MS[rate[2]!];
    if (!unit) throw new InputError(`rate() unit must be minutes, hours or days, not ${rate[2]}`, where);
    const ms = Number(rate[1]) * unit;
    if (ms < MIN_INTERVAL_MS) throw new InputError('a rotation schedule must be at least 4 hours apart', where);
    if (ms > 1000 * 86_400_000) throw new InputError('a rotation schedule must be at most 1000 days apart', where);
    return new Date(from.getTime() + ms);
  }
  const cron = /^cron\((.+)\)$/.exec(schedule.trim());
  if (!cron) throw new InputError('schedule must be rate(N days|hours) or cron(minute hour day month weekday)', where);
  const fields = cron[1]!.trim().split(/\s+/);
  if (fields.length === 6) {
    if (fields[5] !== '*') throw new InputError('the year field of cron() must be *', where);
    fields.pop();
  }
  if (fields.length !== 5) throw new InputError(`cron() needs 5 fields (minute hour day month weekday), got ${fields.length}`, where);
  // AWS writes "?" for "any" in day-of-month/day-of-week; cron-parser wants "*".
  const expression = fields.map((f) => (f === '?' ? '*' : f)).join(' ');
  try {
    const parsed = CronExpressionParser.parse(expression, { currentDate: from, tz: 'UTC' });
    const first = parsed.next().toDate();
    const second = parsed.next().toDate();
    if (second.getTime() - first.getTime() < MIN_INTERVAL_MS) throw new InputError('a rotation schedule must be at least 4 hours apart', where);
    return first;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`cron() expression is invalid: ${(error as Error).message}`, where);
  }
}
