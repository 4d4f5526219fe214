import type { QuarantinedRecord } from '../ist/records.ts';
import { countIssues, QualityRule, type IssueCounts, type QualityIssue } from '../map/issues.ts';
import type { Store } from '../store/index.ts';
import { hintFor } from './hints.ts';

export const REPORT_VERSION = 1;

/** One finding as the customer's administrator reads it. */
export interface ReportRow {
  severity: QualityIssue['severity'];
  rule: string;
  entityType: QualityIssue['entityType'];
  istId: string | null;
  /** Null for persons with security marking, and where IST gives no name. */
  displayName: string | null;
  detail: string;
  fixSv: string;
  fixEn: string;
  /** The IST list the record came from, e.g. `persons`. */
  list: string | null;
  /** The field at fault, for records quarantined by the wire check (e.g. `enrolments[0].enroledAt.id`). */
  field: string | null;
}

/** The IST list each kind of record comes from. */
const LIST_OF: Record<QualityIssue['entityType'], string> = {
  school: 'organisations', organisation: 'organisations', person: 'persons', duty: 'duties', group: 'groups', activity: 'activities', syllabus: 'syllabuses',
};
const ENTITY_OF: Record<string, QualityIssue['entityType']> = Object.fromEntries(
  Object.entries(LIST_OF).filter(([type]) => type !== 'school').map(([type, list]) => [list, type as QualityIssue['entityType']]),
);

/** A finding as the report carries it: a mapping finding, or a quarantined record with its field. */
export type ReportIssue = QualityIssue & { list?: string; field?: string | null };

/** A record the wire check set aside, as a report finding: an error, the record is not published. */
export function quarantineIssue(q: QuarantinedRecord | (Omit<QuarantinedRecord, 'resource'> & { resource: string })): ReportIssue {
  return {
    severity: 'error',
    rule: QualityRule.Quarantined,
    entityType: ENTITY_OF[q.resource] ?? 'person',
    istId: q.istId,
    displayName: null,
    detail: `${q.resource}${q.istId ? ` ${q.istId}` : ''}: field ${q.field || '(record)'}: ${q.reason}; not published`,
    list: q.resource,
    field: q.field || null,
  };
}

/** The data-quality report of one run: errors (not published) and warnings (published, bad value dropped). */
export interface QualityReport {
  version: typeof REPORT_VERSION;
  runId: string;
  customerId: string | null;
  runStatus: string | null;
  startedAt: string | null;
  summary: IssueCounts;
  /** Errors first, then by rule and IST id: the administrator works down the list. */
  rows: ReportRow[];
}

export function buildReport(runId: string, issues: ReportIssue[], run: { customerId?: string; status?: string; startedAt?: Date } = {}): QualityReport {
  const rows = issues.map((i): ReportRow => {
    const hint = hintFor(i.rule);
    return {
      severity: i.severity, rule: i.rule, entityType: i.entityType, istId: i.istId, displayName: i.displayName ?? null, detail: i.detail, fixSv: hint.sv, fixEn: hint.en,
      list: i.list ?? LIST_OF[i.entityType] ?? null, field: i.field ?? null,
    };
  });
  const order = (r: ReportRow) => (r.severity === 'error' ? 0 : 1);
  rows.sort((a, b) => order(a) - order(b) || a.rule.localeCompare(b.rule) || (a.istId ?? '').localeCompare(b.istId ?? ''));
  return {
    version: REPORT_VERSION,
    runId,
    customerId: run.customerId ?? null,
    runStatus: run.status ?? null,
    startedAt: run.startedAt ? new Date(run.startedAt).toISOString() : null,
    summary: countIssues(issues),
    rows,
  };
}

/** The stored report of a run (run_issues), or undefined when the store does not know the run. */
export async function loadReport(store: Store, runId: string): Promise<QualityReport | undefined> {
  const run = await store.runs.get(runId);
  if (!run) return undefined;
  // Quarantined records are findings too: where people look, not only a count in the run's result.
  const quarantined = (await store.staging.quarantined(runId)).map(quarantineIssue);
  return buildReport(runId, [...quarantined, ...(await store.snapshots.issues(runId))], { customerId: run.customerId, status: run.status, startedAt: run.startedAt });
}
