import type { z } from 'zod';
import { RESOURCE_SPECS, type IstResourceName } from './resources.ts';

/** A record IST sent that does not fit the SS 12000 shape we read: kept aside, never silently dropped. */
export interface QuarantinedRecord {
  resource: IstResourceName;
  /** IST's id when the record has one. */
  istId: string | null;
  /** Dotted path of the first failing field, e.g. `enrolments[0].enroledAt.id`. */
  field: string;
  reason: string;
}

export interface CheckedRecords {
  valid: unknown[];
  quarantined: QuarantinedRecord[];
}

/** Validate each record of a page against its wire schema. Reasons name fields, never values. */
export function checkRecords(resource: IstResourceName, records: unknown[]): CheckedRecords {
  const schema: z.ZodType = RESOURCE_SPECS[resource].schema;
  const valid: unknown[] = [];
  const quarantined: QuarantinedRecord[] = [];
  for (const record of records) {
    const result = schema.safeParse(record);
    if (result.success) {
      valid.push(result.data);
      continue;
    }
    const issue = result.error.issues[0];
    const id = typeof record === 'object' && record !== null && typeof (record as { id?: unknown }).id === 'string' ? (record as { id: string }).id : null;
    quarantined.push({
      resource,
      istId: id,
      field: issue ? issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') : '',
      reason: issue ? `${issue.code}: ${issue.message}` : 'invalid',
    });
  }
  return { valid, quarantined };
}
