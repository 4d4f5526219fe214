// The example alert rules and Grafana dashboard name only metrics the worker really exports.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { ApiMetrics } from '../../../src/api/metrics.ts';
import { createProcessMetrics } from '../../../src/observability/metrics.ts';
import { registerRunHealthGauges } from '../../../src/observability/run-health.ts';
import { PROJECT_ROOT } from '../../../src/temporal/cli-path.ts';
import type { Db } from '../../../src/store/db.ts';

/** The partner API's metrics (`ist-export serve`), from its own registry. */
const API_METRICS = new Set(new ApiMetrics().registry.getMetricsAsArray().map((m) => m.name));

function workerMetricNames(): Map<string, string[]> {
  const metrics = createProcessMetrics();
  registerRunHealthGauges(metrics.registry, {} as Db, () => []);
  return new Map(metrics.registry.getMetricsAsArray().map((m) => [m.name, (m as unknown as { labelNames: string[] }).labelNames ?? []]));
}

/** Metric names in PromQL text, histogram series folded onto their metric. */
function namedMetrics(text: string): string[] {
  const names = [...text.matchAll(/\b((?:ist_export|process|nodejs)_[a-z0-9_]+)/g)].map((m) => m[1]!.replace(/_(bucket|count|sum)$/, ''));
  return [...new Set(names)];
}

const alerts = parse(readFileSync(path.join(PROJECT_ROOT, 'deploy/prometheus/alerts.yml'), 'utf8')) as { groups: { name: string; rules: { alert: string; expr: string; labels: Record<string, string>; annotations: Record<string, string> }[] }[] };
const dashboard = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'deploy/grafana/ist-export-dashboard.json'), 'utf8')) as { panels: { title: string; targets: { expr: string }[] }[]; templating: { list: { query: unknown }[] } };

describe('deploy/ alert rules and dashboard', () => {
  const known = workerMetricNames();

  it('when the alert rules name a metric, then the worker registry has it, with the labels they group by', () => {
    const rules = alerts.groups.flatMap((g) => g.rules);
    assert.ok(rules.length > 0);
    for (const rule of rules) {
      const names = namedMetrics(rule.expr);
      assert.ok(names.length > 0, `${rule.alert} names a metric`);
      for (const name of names) {
        assert.ok(known.has(name), `${rule.alert}: ${name} is not exported`);
        for (const [, labels] of rule.expr.matchAll(/by \(([^)]*)\)/g)) {
          for (const label of labels!.split(',').map((l) => l.trim())) assert.ok(known.get(name)!.includes(label), `${rule.alert}: ${name} has no label ${label}`);
        }
      }
      assert.ok(rule.labels.severity && rule.annotations.summary, `${rule.alert} has a severity and a summary`);
    }
  });

  it('when an operator needs the three run alerts, then they exist: failed twice, held over 24 h, no success in 48 h', () => {
    const byName = new Map(alerts.groups.flatMap((g) => g.rules).map((r) => [r.alert, r.expr]));
    assert.match(byName.get('IstExportRunFailedTwice') ?? '', /ist_export_customer_consecutive_failed_runs\) >= 2/);
    assert.match(byName.get('IstExportRunHeldTooLong') ?? '', /ist_export_customer_oldest_held_run_age_seconds\) > 24 \* 3600/);
    assert.match(byName.get('IstExportNoSuccessfulRun48h') ?? '', /time\(\) - max by \(customer\) \(ist_export_customer_last_success_timestamp_seconds\) > 48 \* 3600/);
  });

  it('when the dashboard queries a metric, then the worker (or the partner API) exports it', () => {
    const texts = [...dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)), ...dashboard.templating.list.map((v) => JSON.stringify(v.query))];
    const names = new Set(texts.flatMap(namedMetrics));
    assert.ok(names.size >= 10);
    for (const name of names) assert.ok(known.has(name) || API_METRICS.has(name), `dashboard names ${name}, which is not exported`);
  });
});
