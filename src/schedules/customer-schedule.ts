import { z } from 'zod';

// The optional `schedule` block of a customer in the customer file. Without it a customer runs on
// DEFAULT_SCHEDULE (src/schedules/spec.ts): every evening after the working day, Stockholm time.

const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;

/** A duration as Temporal reads it: digits and a unit (ms, s, m, h), e.g. `30m`. */
const duration = z.string().regex(/^\d+(ms|s|m|h)$/, 'must be digits and a unit: ms, s, m or h (e.g. 30m)');

const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone, e.g. Europe/Stockholm');

export const customerScheduleSchema = z
  .strictObject({
    /** Cron (5–7 fields, or `@daily`, `@every 2h`), read in `timezone`. Either this or `calendar`. */
    cron: z.string().min(1).optional(),
    /** Calendar spec: hour and minute, optionally only on some week days. Either this or `cron`. */
    calendar: z
      .strictObject({
        hour: z.number().int().min(0).max(23),
        minute: z.number().int().min(0).max(59).default(0),
        daysOfWeek: z.array(z.enum(DAYS)).min(1).optional(),
      })
      .optional(),
    /** IANA time zone of `cron`/`calendar`; default Europe/Stockholm. */
    timezone: timeZone.optional(),
    /** Each start is delayed by a random 0..jitter, so hundreds of customers do not start together; default 30m. */
    jitter: duration.optional(),
  })
  .refine((s) => !(s.cron && s.calendar), { message: 'give either cron or calendar, not both' });

export type CustomerSchedule = z.infer<typeof customerScheduleSchema>;
