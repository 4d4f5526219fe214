import { Context } from '@temporalio/activity';
import { PackageTier, type Customer } from '../src/config/customers.ts';
import { mapCustomer, type IstRecords } from '../src/map/index.ts';
import { countIssues } from '../src/map/issues.ts';
import type { Store } from '../src/store/index.ts';
import { ENTITY_TYPES, IST_RESOURCES, type EntityCounts } from '../workflows/contract.ts';

export interface SnapshotSummary {
  counts: EntityCounts;
  issues: { errors: number; warnings: number; byRule: Record<string, number> };
}

/** Join the staged lists into our model and store it as the run's snapshot. */
export async function buildSnapshotFromStaging(store: Store, customer: Customer, runId: string, runDate: string, lookAheadDays: number): Promise<SnapshotSummary> {
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
    window: { runDate, lookAheadDays },
    emailRequired: customer.tier === PackageTier.Bronze,
    forwardCivicNo: customer.forwardCivicNo,
  });
  await store.snapshots.write(runId, mapped.entities, mapped.issues);
  const counts = Object.fromEntries(ENTITY_TYPES.map((t) => [t, 0])) as EntityCounts;
  for (const entity of mapped.entities) counts[entity.type]++;
  return { counts, issues: countIssues(mapped.issues) };
}
