import { countIssues, type IssueCounts, type QualityIssue } from '../map/issues.ts';
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

export function buildReport(runId: string, issues: QualityIssue[], run: { customerId?: string; status?: string; startedAt?: Date } = {}): QualityReport {
  const rows = issues.map((i): ReportRow => {
    const hint = hintFor(i.rule);
    return { severity: i.severity, rule: i.rule, entityType: i.entityType, istId: i.istId, displayName: i.displayName ?? null, detail: i.detail, fixSv: hint.sv, fixEn: hint.en };
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
  return buildReport(runId, await store.snapshots.issues(runId), { customerId: run.customerId, status: run.status, startedAt: run.startedAt });
}
