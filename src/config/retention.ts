import { z } from 'zod';

// The optional `retention` block of a customer: how long the store keeps what (GDPR storage limitation).
// Applied every night by the maintenance workflow (workflows/maintenance.ts). The defaults keep enough for
// a week of runs to compare and a school term of change log for a slow downstream consumer.

export const DEFAULT_RETENTION = {
  /** The newest runs whose snapshot, data-quality report, change set and quarantine rows are kept. */
  keepRuns: 7,
  /** Days a published change stays in the change log (downstream must read faster than this). */
  changeLogDays: 90,
  /** Days a run's own row (status, counts, no roster data) is kept once nothing else refers to it. */
  runRecordDays: 400,
} as const;

export const retentionSchema = z.strictObject({
  keepRuns: z.number().int().min(1).max(1000).optional(),
  changeLogDays: z.number().int().min(0).max(3650).optional(),
  runRecordDays: z.number().int().min(1).max(3650).optional(),
});

export type RetentionSettings = { [K in keyof typeof DEFAULT_RETENTION]: number };

export function retentionFor(raw: z.infer<typeof retentionSchema> | undefined): RetentionSettings {
  return {
    keepRuns: raw?.keepRuns ?? DEFAULT_RETENTION.keepRuns,
    changeLogDays: raw?.changeLogDays ?? DEFAULT_RETENTION.changeLogDays,
    runRecordDays: raw?.runRecordDays ?? DEFAULT_RETENTION.runRecordDays,
  };
}
