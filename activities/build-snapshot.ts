import { Context } from '@temporalio/activity';
import { PackageTier, type Customer } from '../src/config/customers.ts';
import { requireCivicNoCipher } from '../src/map/civic-no-cipher.ts';
import { DEFAULT_EMAIL_PREFERENCE } from '../src/map/email.ts';
import { mapCustomer, type IstRecords } from '../src/map/index.ts';
import { countIssues, type IssueCounts } from '../src/map/issues.ts';
import { MODEL_VERSION } from '../src/model/entities.ts';
import type { Store } from '../src/store/index.ts';
import { ENTITY_TYPES, IST_RESOURCES, type EntityCounts } from '../workflows/contract.ts';

/** What the workflow learns of a snapshot: counts only, never roster data. */
export interface SnapshotSummary {
  counts: EntityCounts;
  /** Errors, warnings and findings per rule (every rule, zero included); stored as runs.issue_counts. */
  issues: IssueCounts & { skipped: { personsNotCurrent: number } };
  modelVersion: number;
}

/**
 * Join the staged lists into our model and store it as the run's snapshot with its data-quality findings.
 * The customer's lookAheadDays wins over the worker default; forwarding customers need CIVICNO_KEY.
 */
export async function buildSnapshotFromStaging(store: Store, customer: Customer, runId: string, runDate: string, lookAheadDays: number, env: NodeJS.ProcessEnv = process.env): Promise<SnapshotSummary> {
  const ctx = Context.current();
  const records = {} as Record<keyof IstRecords, unknown[]>;
  for (const resource of IST_RESOURCES) {
    const all: unknown[] = [];
    for await (const page of store.staging.records(runId, resource)) {
      for (const record of page) all.push(record);
      ctx.heartbeat();
    }
    records[resource] = all;
  }
  const mapped = mapCustomer(records as unknown as IstRecords, {
    listsNotServed: await store.staging.notServed(runId),
    window: { runDate, lookAheadDays: customer.lookAheadDays ?? lookAheadDays },
    emailRequired: customer.tier === PackageTier.Bronze,
    forwardCivicNo: customer.forwardCivicNo,
    emailPreference: {
      student: customer.emailPreference?.student ?? DEFAULT_EMAIL_PREFERENCE.student,
      staff: customer.emailPreference?.staff ?? DEFAULT_EMAIL_PREFERENCE.staff,
    },
    civicNoCipher: customer.forwardCivicNo ? requireCivicNoCipher(env) : undefined,
  });
  const counts = Object.fromEntries(ENTITY_TYPES.map((t) => [t, 0])) as EntityCounts;
  for (const entity of mapped.entities) counts[entity.type]++;
  const issueCounts = countIssues(mapped.issues);
  await store.snapshots.write(runId, mapped.entities, mapped.issues, { modelVersion: MODEL_VERSION, counts, issueCounts, skipped: mapped.skipped });
  await store.runs.recordSnapshot(runId, { counts, issueCounts: { ...issueCounts, skipped: mapped.skipped } });
  return { counts, issues: { ...issueCounts, skipped: mapped.skipped }, modelVersion: MODEL_VERSION };
}
