import { Context } from '@temporalio/activity';
import { PackageTier, type Customer } from '../src/config/customers.ts';
import { requireCivicNoCipher } from '../src/map/civic-no-cipher.ts';
import { DEFAULT_EMAIL_PREFERENCE } from '../src/map/email.ts';
import type { MapOptions } from '../src/map/index.ts';
import { mapStagedCustomer, type MapSource } from '../src/map/stream-customer.ts';
import { countIssues, type IssueCounts } from '../src/map/issues.ts';
import { MODEL_VERSION } from '../src/model/entities.ts';
import type { Store } from '../src/store/index.ts';
import { ENTITY_TYPES, type EntityCounts } from '../workflows/contract.ts';
import type { SnapshotSlots } from './snapshot-slots.ts';

/**
 * Snapshot batches being written at once while mapping goes on (each holds one pool connection). Two
 * keep both cores busy on a 2-core machine (bench/map-snapshot.ts: 15.0 s at xl, against 17.6 s with one
 * write chained after the other and 16–17 s with three or four).
 */
const WRITES_IN_FLIGHT = 2;

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
 * Streams (src/map/stream-customer.ts): entities are written as they are mapped, so the worker's memory
 * does not grow with the tenant; the activity beats between pages and on a timer, so a killed worker
 * is noticed within the (short) heartbeat timeout rather than after minutes.
 */
export async function buildSnapshotFromStaging(store: Store, customer: Customer, runId: string, runDate: string, lookAheadDays: number, env: NodeJS.ProcessEnv = process.env, slots?: SnapshotSlots): Promise<SnapshotSummary> {
  const ctx = Context.current();
  const keepAlive = setInterval(() => ctx.heartbeat(), Math.max(200, Math.min(2_000, (ctx.info.heartbeatTimeoutMs ?? 8_000) / 4)));
  try {
    // Between pages: beat, and stop when the run was cancelled or this attempt was given up (a retry
    // elsewhere starts the snapshot again), instead of mapping on for nothing.
    const work = () =>
      snapshotFromStaging(store, customer, runId, runDate, lookAheadDays, env, () => {
        ctx.heartbeat();
        ctx.cancellationSignal.throwIfAborted();
      });
    // Beating on the timer above while it waits for a slot, so a long queue is not a dead worker.
    return await (slots ? slots.run(work, ctx.cancellationSignal) : work());
  } finally {
    clearInterval(keepAlive);
  }
}

/** The activity's work without Temporal: tests and benchmarks call it directly. */
export async function snapshotFromStaging(store: Store, customer: Customer, runId: string, runDate: string, lookAheadDays: number, env: NodeJS.ProcessEnv, beat: () => void = () => {}): Promise<SnapshotSummary> {
  const counts = Object.fromEntries(ENTITY_TYPES.map((t) => [t, 0])) as EntityCounts;
  await store.snapshots.begin(runId);
  const source: MapSource = { pages: (resource) => store.staging.records(runId, resource), personEmails: () => store.staging.personEmails(runId) };
  // Writes run while the next batches are mapped, on separate connections (Postgres parses and indexes
  // on its own core while we map on ours): at most WRITES_IN_FLIGHT batches are held, and a failed write
  // fails the next hand-over (or the final wait), so nothing is reported stored that was not.
  const inFlight: Promise<void>[] = [];
  // Lists the server did not serve (issue 11): reported once, and no finding per reference into them.
  const options: MapOptions = { ...mapOptionsFor(customer, runDate, lookAheadDays, env), listsNotServed: await store.staging.notServed(runId) };
  const mapped = await mapStagedCustomer(source, options, async (entities) => {
    for (const entity of entities) counts[entity.type]++;
    const write = store.snapshots.add(runId, entities);
    write.catch(() => {});
    inFlight.push(write);
    if (inFlight.length >= WRITES_IN_FLIGHT) await inFlight.shift();
    beat();
  }, beat);
  await Promise.all(inFlight);
  const issueCounts = countIssues(mapped.issues);
  await store.snapshots.finish(runId, mapped.issues, { modelVersion: MODEL_VERSION, counts, issueCounts, skipped: mapped.skipped });
  await store.runs.recordSnapshot(runId, { counts, issueCounts: { ...issueCounts, skipped: mapped.skipped } });
  return { counts, issues: { ...issueCounts, skipped: mapped.skipped }, modelVersion: MODEL_VERSION };
}

/** The mapping policy of one customer on one run date. */
export function mapOptionsFor(customer: Customer, runDate: string, lookAheadDays: number, env: NodeJS.ProcessEnv): MapOptions {
  return {
    window: { runDate, lookAheadDays: customer.lookAheadDays ?? lookAheadDays },
    emailRequired: customer.tier === PackageTier.Bronze,
    forwardCivicNo: customer.forwardCivicNo,
    emailPreference: {
      student: customer.emailPreference?.student ?? DEFAULT_EMAIL_PREFERENCE.student,
      staff: customer.emailPreference?.staff ?? DEFAULT_EMAIL_PREFERENCE.staff,
    },
    civicNoCipher: customer.forwardCivicNo ? requireCivicNoCipher(env) : undefined,
  };
}
