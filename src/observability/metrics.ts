import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The export's own Prometheus metrics (prom-client), one set per registry. Labels carry our customer id, the
 * SS 12000 list name, status codes and rule names only: never a person, a school name or an IST id.
 * Every name starts with `ist_export_`; deploy/ dashboards and alert rules name them (test/unit/observability).
 */
export function createExportMetrics(registry: Registry = new Registry()) {
  const registers = [registry];
  return {
    registry,
    /** Runs that reached their end, by final status (succeeded, failed, rejected, …). A retried finish counts again. */
    runsFinished: new Counter({ name: 'ist_export_runs_total', help: 'Export runs finished, by customer and final status', labelNames: ['customer', 'status'], registers }),
    runDuration: new Histogram({
      name: 'ist_export_run_duration_seconds',
      help: 'Wall time of a run from its start to its end (a held run includes the wait for a decision)',
      labelNames: ['status'],
      buckets: [10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400, 86400],
      registers,
    }),
    /** One activity call of a phase; a fetch call covers one chunk of one list. */
    phaseDuration: new Histogram({
      name: 'ist_export_phase_duration_seconds',
      help: 'Duration of one activity call per phase (fetch: one chunk of one list) and outcome',
      labelNames: ['phase', 'outcome'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      registers,
    }),
    activityRetries: new Counter({ name: 'ist_export_activity_retries_total', help: 'Activity attempts after the first, per phase', labelNames: ['phase'], registers }),
    pagesFetched: new Counter({ name: 'ist_export_pages_fetched_total', help: 'IST list pages stored, per customer and list', labelNames: ['customer', 'resource'], registers }),
    recordsFetched: new Counter({ name: 'ist_export_records_fetched_total', help: 'Valid IST records stored, per customer and list', labelNames: ['customer', 'resource'], registers }),
    recordsQuarantined: new Counter({ name: 'ist_export_records_quarantined_total', help: 'IST records quarantined (not of the SS 12000 shape), per customer and list', labelNames: ['customer', 'resource'], registers }),
    istRequests: new Counter({ name: 'ist_export_ist_requests_total', help: 'HTTP exchanges with IST, by customer, list and status code (network = no answer)', labelNames: ['customer', 'resource', 'status'], registers }),
    istRequestDuration: new Histogram({
      name: 'ist_export_ist_request_duration_seconds',
      help: 'Latency of one IST list request, headers to end of body',
      labelNames: ['resource'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 40],
      registers,
    }),
    istRetries: new Counter({ name: 'ist_export_ist_retries_total', help: 'IST requests retried after a transient fault, per customer and list', labelNames: ['customer', 'resource'], registers }),
    dataQualityFindings: new Counter({ name: 'ist_export_data_quality_findings_total', help: 'Data-quality findings of stored snapshots, by customer, rule and severity', labelNames: ['customer', 'rule', 'severity'], registers }),
    dataQualityIssues: new Counter({ name: 'ist_export_data_quality_issues_total', help: 'Data-quality findings of stored snapshots, by customer and severity (error, warning)', labelNames: ['customer', 'severity'], registers }),
    changesPublished: new Counter({ name: 'ist_export_changes_published_total', help: 'Changes published downstream, by customer, entity type and kind', labelNames: ['customer', 'entity_type', 'change'], registers }),
  };
}

export type ExportMetrics = ReturnType<typeof createExportMetrics>;

/** The registry a worker process serves: our metrics plus Node's standard process_* and nodejs_* metrics. */
export function createProcessMetrics(): ExportMetrics {
  const metrics = createExportMetrics();
  collectDefaultMetrics({ register: metrics.registry });
  return metrics;
}

/** Activity type → phase label of ist_export_phase_duration_seconds. */
export const ACTIVITY_PHASES: Record<string, string> = {
  beginRun: 'begin',
  fetchResourceChunk: 'fetch',
  fetchResource: 'fetch',
  buildSnapshot: 'snapshot',
  diffRun: 'diff',
  holdRun: 'hold',
  recordDecision: 'decision',
  publishRun: 'publish',
  finishRun: 'finish',
};
