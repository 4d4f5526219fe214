import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The API's Prometheus metrics (names agreed across the project: ist_export_api_*). */
export class ApiMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({ name: 'ist_export_api_requests_total', help: 'API requests by partner, route and status', labelNames: ['partner', 'route', 'status'], registers: [this.registry] });
  readonly duration = new Histogram({ name: 'ist_export_api_request_duration_seconds', help: 'API request duration by route', labelNames: ['route'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'ist_export_api_' });
  }
}
