import { Agent } from 'undici';
import { asCustomerSource, type CustomerSource } from '../src/config/customer-source.ts';
import { resolveCredentials, type Customer, type CustomerFile } from '../src/config/customers.ts';
import { IstClient } from '../src/ist/client.ts';
import { RequestLimiter } from '../src/ist/limiter.ts';
import type { RetryPolicy } from '../src/ist/retry.ts';
import { TokenSource } from '../src/ist/token.ts';
import type { ExportMetrics } from '../src/observability/metrics.ts';

/** Worker-wide client tuning; tests shorten the retry waits and timeouts. */
export interface IstClientTuning {
  retry?: Partial<RetryPolicy>;
  /** Ms to wait for response headers / between body chunks. Default 20000 each. */
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
  /** Ms to wait for a TCP/TLS connection. Default 10000. */
  connectTimeoutMs?: number;
}

/**
 * One IST client per customer per worker process: its token is reused across activities, and its
 * own keep-alive pool and request limiter mean a slow or throttled customer never holds the
 * connections, or eats the request rate, of another. When the customer file changes a customer's
 * connection settings, its next activity gets a new client (the old pool closes once idle).
 */
export class IstClients {
  private readonly clients = new Map<string, { client: IstClient; agent: Agent; settings: string }>();
  private readonly config: CustomerSource;
  constructor(
    config: CustomerFile | CustomerSource,
    private readonly env: NodeJS.ProcessEnv,
    private readonly tuning: IstClientTuning = {},
    private readonly metrics?: ExportMetrics,
  ) {
    this.config = asCustomerSource(config);
  }

  for(customer: Customer): IstClient {
    const integrationPartnerId = this.config.current().integrationPartnerId;
    const { id, extensId, apiBaseUrl, tokenUrl, clientIdEnv, clientSecretEnv, requestConcurrency, requestsPerSecond, arrayParamStyle } = customer;
    const settings = JSON.stringify([integrationPartnerId, id, extensId, apiBaseUrl, tokenUrl, clientIdEnv, clientSecretEnv, requestConcurrency, requestsPerSecond, arrayParamStyle]);
    const existing = this.clients.get(customer.id);
    if (existing?.settings === settings) return existing.client;
    if (existing) void existing.agent.close().catch(() => undefined);
    const credentials = resolveCredentials(customer, this.env);
    const agent = new Agent({ connections: customer.requestConcurrency, keepAliveTimeout: 30_000, connect: { timeout: this.tuning.connectTimeoutMs ?? 10_000 } });
    const tokens = new TokenSource({ customerId: customer.id, tokenUrl: customer.tokenUrl, ...credentials, dispatcher: agent });
    const client = new IstClient({
      customerId: customer.id,
      extensId: customer.extensId,
      integrationPartnerId,
      apiBaseUrl: customer.apiBaseUrl,
      tokens,
      dispatcher: agent,
      limiter: new RequestLimiter({ concurrency: customer.requestConcurrency, requestsPerSecond: customer.requestsPerSecond }),
      arrayParamStyle: customer.arrayParamStyle,
      ...(this.tuning.retry ? { retry: this.tuning.retry } : {}),
      ...(this.tuning.headersTimeoutMs ? { headersTimeoutMs: this.tuning.headersTimeoutMs } : {}),
      ...(this.tuning.bodyTimeoutMs ? { bodyTimeoutMs: this.tuning.bodyTimeoutMs } : {}),
      ...(this.metrics ? { observer: istObserver(this.metrics, customer.id) } : {}),
    });
    this.clients.set(customer.id, { client, agent, settings });
    return client;
  }

  async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map(({ agent }) => agent.close()));
    this.clients.clear();
  }
}

/** IST traffic of one customer into the worker's metrics. */
function istObserver(metrics: ExportMetrics, customer: string) {
  return {
    exchange(resource: string, status: number | 'network', seconds: number) {
      metrics.istRequests.inc({ customer, resource, status: String(status) });
      metrics.istRequestDuration.observe({ resource }, seconds);
    },
    retry(resource: string) {
      metrics.istRetries.inc({ customer, resource });
    },
  };
}
