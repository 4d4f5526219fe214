import { hintFor } from '../quality/hints.ts';
import { QualityRule } from '../map/issues.ts';
import type { Store } from '../store/index.ts';
import { table } from './table.ts';

// Quarantined records where operators look (run --wait, status): how many per list, and the first
// rows (list, IST id, field, reason) with the fix hint. The full list is in `ist-export report`.

/** Rows shown in a terminal before pointing at the report. */
const SHOWN = 10;

/** Quarantined records per list of a run's `fetched` (as the result and the runs row hold it). */
export function quarantinedByList(fetched: unknown): { total: number; text: string } {
  const lists = Array.isArray(fetched) ? (fetched as { resource?: unknown; quarantined?: unknown }[]) : [];
  const hit = lists.filter((f) => typeof f?.resource === 'string' && typeof f.quarantined === 'number' && f.quarantined > 0) as { resource: string; quarantined: number }[];
  const total = hit.reduce((n, f) => n + f.quarantined, 0);
  return { total, text: hit.map((f) => `${f.resource} ${f.quarantined}`).join(', ') };
}

/** The quarantined records of a run as terminal lines; empty when there are none. */
export async function quarantineLines(store: Store, runId: string, customerId: string): Promise<string[]> {
  const records = await store.staging.quarantined(runId);
  if (records.length === 0) return [];
  const rows = records.slice(0, SHOWN).map((q) => ({ list: q.resource, 'IST id': q.istId ?? '(none)', field: q.field || '(record)', reason: q.reason }));
  return [
    `quarantined (not published): ${records.length} record(s)${records.length > SHOWN ? `, first ${SHOWN}` : ''}`,
    table(rows),
    `hint: ${hintFor(QualityRule.Quarantined).en} All rows: \`ist-export report ${customerId}\``,
  ];
}
