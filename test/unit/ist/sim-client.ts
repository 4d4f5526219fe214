// Test helper: an IstClient against a running simulator, with short retry waits.
import { Agent } from 'undici';
import { IstClient, type IstClientOptions } from '../../../src/ist/client.ts';
import { RequestLimiter } from '../../../src/ist/limiter.ts';
import { paginate } from '../../../src/ist/paging.ts';
import type { IstResourceName } from '../../../src/ist/resources.ts';
import { TokenSource } from '../../../src/ist/token.ts';
import type { RunningSimulator } from '../../../src/simulator/index.ts';

export const FAST_RETRY = { attempts: 5, baseDelayMs: 10, maxDelayMs: 50, maxRetryAfterMs: 3_000, budgetMs: 15_000 };

export function simClient(sim: RunningSimulator, extensId: string, overrides: Partial<IstClientOptions> & { clientSecret?: string } = {}): IstClient {
  const dispatcher = new Agent({ connections: 4 });
  const { clientSecret, ...rest } = overrides;
  const tokens = new TokenSource({ customerId: 'kommun-test', tokenUrl: sim.tokenUrl, clientId: 'test-client', clientSecret: clientSecret ?? 'test-secret', dispatcher });
  return new IstClient({
    customerId: 'kommun-test',
    extensId,
    integrationPartnerId: 'PARTNER01',
    apiBaseUrl: sim.apiBaseUrl,
    tokens,
    dispatcher,
    limiter: new RequestLimiter({ concurrency: 4, requestsPerSecond: 1000 }),
    retry: FAST_RETRY,
    ...rest,
  });
}

/** Every record of one list, read page by page as the export does. */
export async function readAll(client: IstClient, resource: IstResourceName, limit = 10, expand?: string[]): Promise<unknown[]> {
  const out: unknown[] = [];
  const pages = paginate(resource, (pageToken) => client.listPage(resource, { limit, pageToken, ...(expand ? { expand } : {}) }));
  for await (const page of pages) out.push(...page.records);
  return out;
}
