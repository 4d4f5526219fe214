// The streaming mapping must store exactly what the whole-tenant mapping stored: these helpers stage a
// simulated tenant, store it both ways under two run ids and compare the stored rows.
import { checkRecords } from '../../src/ist/records.ts';
import { mapCustomer, type IstRecords, type MapOptions } from '../../src/map/index.ts';
import { countIssues } from '../../src/map/issues.ts';
import { MODEL_VERSION } from '../../src/model/entities.ts';
import { RESOURCES, type ResourceName } from '../../src/simulator/resources.ts';
import { buildTenant } from '../../src/simulator/tenant-plan.ts';
import type { SimulatorSize } from '../../src/simulator/types.ts';
import type { Store } from '../../src/store/index.ts';
import { IST_RESOURCES } from '../../workflows/contract.ts';

/**
 * Every kind of bad record the mapping reports, sprinkled over the simulated lists at fixed strides so
 * each rule fires on several pages: shared and invalid emails, bad personnummer, persons without school,
 * unknown members, schools, duties, syllabuses and groups, mentor assignments to unknown duties.
 */
function perturb(resource: string, i: number, record: Record<string, unknown>): Record<string, unknown> {
  const r = { ...record };
  if (resource === 'persons') {
    if (i % 97 === 3) r.emails = [{ type: 'Skola elev', value: ` Delad${i % 5}@Skola.example ` }];
    if (i % 83 === 4) r.emails = [{ type: 'Skola personal', value: 'inte en adress' }, ...((r.emails as unknown[]) ?? [])];
    if (i % 89 === 5 && r.civicNo) r.civicNo = { value: '201001011235' };
    if (i % 71 === 9) r.enrolments = [];
  } else if (resource === 'groups') {
    if (i % 13 === 2 && Array.isArray(r.groupMemberships)) r.groupMemberships = [...r.groupMemberships, { person: { id: `ghost-person-${i}` } }];
    if (i % 29 === 1) r.organisation = { id: 'ghost-school' };
    if (i % 17 === 3) r.assignmentRoles = [{ duty: { id: `ghost-duty-${i}` }, assignmentRoleType: 'Mentor' }];
  } else if (resource === 'duties') {
    if (i % 31 === 2) r.person = { id: `ghost-person-${i}` };
  } else if (resource === 'activities') {
    if (i % 23 === 1 && Array.isArray(r.teachers)) r.teachers = [...r.teachers, { duty: { id: `ghost-duty-${i}` } }];
    if (i % 19 === 4) r.syllabus = { id: 'ghost-syllabus' };
    if (i % 37 === 5 && Array.isArray(r.groups)) r.groups = [...r.groups, { id: `ghost-group-${i}` }];
  }
  return r;
}

/** What one list's variation needs of the lists staged before it (organisations, groups come first). */
interface VariationContext {
  huvudmanId?: string;
  /** Classes current on the run date, for activities that teach a class directly. */
  classIds: string[];
}

/** A Skola organisation between the huvudman and some school units (issue 11: ownerId walks up to the Huvudman). */
const SKOLA_ID = 'eq-skola-norr';

/**
 * What real servers send beyond the simulator's shape (issue 11), at fixed strides so each case spans
 * pages: required dates missing, values outside the code lists, groups ended with current members,
 * persons whose only addresses are invalid (missing_email next to invalid_email), classes an activity
 * teaches directly, and school units under a Skola below the huvudman.
 */
function vary(resource: string, i: number, record: Record<string, unknown>, ctx: VariationContext, runDate: string): Record<string, unknown> {
  const r = { ...record };
  const drop = (field: string) => delete r[field];
  if (resource === 'organisations') {
    if (r.organisationType === 'Huvudman') ctx.huvudmanId = r.id as string;
    else if (i % 3 === 1) r.parentOrganisation = { id: SKOLA_ID };
    if (i % 7 === 2) r.schoolTypes = [...((r.schoolTypes as string[]) ?? []), 'XX'];
  } else if (resource === 'persons') {
    if (i % 53 === 6) r.emails = [{ type: 'Skola elev', value: 'ogiltig adress' }, { type: 'Privat', value: 'också@@ogiltig' }];
    if (i % 61 === 7 && Array.isArray(r.enrolments)) r.enrolments = (r.enrolments as Record<string, unknown>[]).map(({ startDate: _s, ...e }) => e);
    if (i % 67 === 8 && Array.isArray(r.emails)) r.emails = (r.emails as Record<string, unknown>[]).map((e) => ({ ...e, type: 'Skola övrigt' }));
  } else if (resource === 'duties') {
    if (i % 41 === 3) drop('startDate');
    if (i % 43 === 5) r.dutyRole = 'Elevassistent';
  } else if (resource === 'groups') {
    if (i % 11 === 6) r.endDate = dayBefore(runDate, 30);
    else if (i % 47 === 7) drop('startDate');
    if (i % 59 === 8) Object.assign(r, { groupType: 'Studiegrupp', schoolType: 'XX' });
    if (r.groupType === 'Klass' && !(typeof r.endDate === 'string' && r.endDate < runDate)) ctx.classIds.push(r.id as string);
  } else if (resource === 'activities') {
    if (i % 9 === 4 && ctx.classIds.length > 0 && Array.isArray(r.groups)) r.groups = [...r.groups, { id: ctx.classIds[i % ctx.classIds.length] }];
    if (i % 43 === 2) drop('startDate');
  } else if (resource === 'syllabuses') {
    if (i % 13 === 3) r.schoolType = 'XX';
  }
  return r;
}

const dayBefore = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

/**
 * Stage every list of a simulated tenant as the fetch does (checked, pages of `pageSize`); returns the
 * record count. `withFaults` adds the bad records of `perturb` and the source variation of `vary`.
 */
export async function stageSimulatedTenant(store: Store, runId: string, size: SimulatorSize, runDate: string, seed = 1, pageSize = 500, withFaults = true): Promise<number> {
  const tenant = buildTenant({ customerId: `EQ${size}`, seed, size, clientId: 'x', clientSecret: 'x', referenceDate: runDate });
  const ctx: VariationContext = { classIds: [] };
  let total = 0;
  for (const resource of IST_RESOURCES) {
    const def = RESOURCES[resource as ResourceName];
    const n = def.count(tenant);
    const pages = Math.max(1, Math.ceil(n / pageSize));
    for (let p = 0; p < pages; p++) {
      const raw: unknown[] = Array.from({ length: Math.min(pageSize, n - p * pageSize) }, (_, i) => def.render(tenant, p * pageSize + i, new Set()));
      if (withFaults) raw.forEach((record, i) => (raw[i] = vary(resource, p * pageSize + i, perturb(resource, p * pageSize + i, record as Record<string, unknown>), ctx, runDate)));
      if (withFaults && resource === 'organisations' && p === pages - 1 && ctx.huvudmanId) {
        raw.push({ id: SKOLA_ID, displayName: 'Skolområde Norr', organisationType: 'Skola', parentOrganisation: { id: ctx.huvudmanId }, startDate: '1990-01-01' });
      }
      const checked = checkRecords(resource, raw);
      await store.staging.putPage(runId, resource, p + 1, checked.valid, p + 1 < pages ? `t${p + 1}` : null, checked.quarantined);
      total += checked.valid.length;
    }
  }
  return total;
}

/** The mapping as it was before streaming: every staged record in memory, mapCustomer, one write. */
export async function storeWholeTenantSnapshot(store: Store, stagedRunId: string, snapshotRunId: string, options: MapOptions): Promise<void> {
  const records = {} as Record<string, unknown[]>;
  for (const resource of IST_RESOURCES) {
    const all: unknown[] = [];
    for await (const page of store.staging.records(stagedRunId, resource)) all.push(...page);
    records[resource] = all;
  }
  const mapped = mapCustomer(records as unknown as IstRecords, options);
  const counts: Record<string, number> = { school: 0, person: 0, class: 0, teachingGroup: 0 };
  for (const e of mapped.entities) counts[e.type] = (counts[e.type] ?? 0) + 1;
  await store.snapshots.write(snapshotRunId, mapped.entities, mapped.issues, { modelVersion: MODEL_VERSION, counts, issueCounts: countIssues(mapped.issues), skipped: mapped.skipped });
}

/** A run's stored snapshot as text rows: entities (type, id, hash), findings in order, manifest. */
export async function storedSnapshotRows(store: Store, runId: string): Promise<{ entities: string[]; issues: string[]; manifest: string }> {
  const entities = await store.db.query<{ row: string }>(
    `SELECT entity_type || ' ' || entity_id || ' ' || content_hash AS row FROM snapshot_entities WHERE run_id = $1 ORDER BY entity_type COLLATE "C", entity_id COLLATE "C"`,
    [runId],
  );
  const issues = await store.db.query<{ row: string }>(
    `SELECT concat_ws(' | ', ordinal, severity, rule, entity_type, ist_id, coalesce(display_name, '∅'), detail) AS row FROM run_issues WHERE run_id = $1 ORDER BY ordinal`,
    [runId],
  );
  const manifest = await store.snapshots.manifest(runId);
  return { entities: entities.map((r) => r.row), issues: issues.map((r) => r.row), manifest: JSON.stringify(manifest) };
}
