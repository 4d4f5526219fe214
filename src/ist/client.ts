import { setTimeout as sleep } from 'node:timers/promises';
import { request, type Dispatcher } from 'undici';
import { IstClientCredentialsRejectedError, IstUnavailableError } from './errors.ts';
import { RequestLimiter } from './limiter.ts';
import { RESOURCE_SPECS, type IstResourceName } from './resources.ts';
import { classifyResponse, networkFault, type ListPage, type Outcome } from './responses.ts';
import { DEFAULT_RETRY_POLICY, nextDelay, type RetryPolicy } from './retry.ts';
import type { TokenSource } from './token.ts';

export type { ListPage } from './responses.ts';
export { parseRetryAfter } from './retry.ts';

/** How array query parameters are written: `repeat` → expand=a&expand=b (OpenAPI's default), `brackets` → expand[]=a&expand[]=b. */
export const ArrayParamStyle = { Repeat: 'repeat', Brackets: 'brackets' } as const;
export type ArrayParamStyle = (typeof ArrayParamStyle)[keyof typeof ArrayParamStyle];

export interface IstClientOptions {
  customerId: string;
  extensId: string;
  integrationPartnerId: string;
  /** Up to and without `/source/{customerId}/v2.0`. */
  apiBaseUrl: string;
  tokens: TokenSource;
  /** The customer's own keep-alive pool (undici Agent). */
  dispatcher?: Dispatcher;
  /** The customer's concurrency and rate cap; default 4 in flight, 5 per second. */
  limiter?: RequestLimiter;
  retry?: Partial<RetryPolicy>;
  arrayParamStyle?: ArrayParamStyle;
  /** Ms to wait for the response headers. Default 20000. */
  headersTimeoutMs?: number;
  /** Ms the body may pause between chunks. Default 20000. */
  bodyTimeoutMs?: number;
  now?: () => number;
  /** Told of every HTTP exchange and retry (metrics); never of tokens or records. */
  observer?: IstRequestObserver;
}

/** What an IST client reports about its traffic: list name, status code (or `network`), seconds. */
export interface IstRequestObserver {
  exchange(resource: IstResourceName, status: number | 'network', seconds: number): void;
  retry(resource: IstResourceName): void;
}

export interface ListPageRequest {
  limit: number;
  /** Resume a listing. Sent with `limit` only: SS 12000 forbids combining it with filters (and the token pins expand). */
  pageToken?: string | null;
  /** `expand` values for the first page of a listing. The export itself joins lists and sends none. */
  expand?: readonly string[];
  signal?: AbortSignal;
}

/** Reads SS 12000 lists of one IST customer. Records come back unvalidated; see records.ts. */
export class IstClient {
  private readonly retry: RetryPolicy;
  private readonly limiter: RequestLimiter;
  private readonly now: () => number;

  constructor(private readonly options: IstClientOptions) {
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.limiter = options.limiter ?? new RequestLimiter({ concurrency: 4, requestsPerSecond: 5 });
    this.now = options.now ?? Date.now;
  }

  resourceUrl(resource: IstResourceName, query: Omit<ListPageRequest, 'signal'>): string {
    const base = this.options.apiBaseUrl.replace(/\/+$/, '');
    const url = new URL(`${base}/source/${encodeURIComponent(this.options.extensId)}/v2.0/${RESOURCE_SPECS[resource].path}`);
    url.searchParams.set('limit', String(query.limit));
    if (query.pageToken) {
      url.searchParams.set('pageToken', query.pageToken);
      return url.toString();
    }
    const name = this.options.arrayParamStyle === ArrayParamStyle.Brackets ? 'expand[]' : 'expand';
    for (const value of query.expand ?? []) url.searchParams.append(name, value);
    return url.toString();
  }

  /** One page; transient faults retried as RetryPolicy says, a 401 answered by one token refresh. */
  async listPage(resource: IstResourceName, query: ListPageRequest): Promise<ListPage> {
    const started = this.now();
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.limiter.run(() => this.exchange(resource, query), query.signal);
      if ('page' in outcome) return outcome.page;
      if ('unauthorized' in outcome) {
        if (refreshed) throw new IstClientCredentialsRejectedError({ customerId: this.options.customerId, resource }, 'the API answered HTTP 401 to a freshly issued token');
        refreshed = true;
        attempt--; // a token refresh is not a retry of a fault
        continue;
      }
      const fault = outcome.transient;
      if (fault.status === 429 && fault.retryAfterMs !== undefined) this.limiter.pause(fault.retryAfterMs);
      const wait = nextDelay(this.retry, attempt, this.now() - started, fault.retryAfterMs);
      if (wait === undefined) throw fault.after(attempt);
      this.options.observer?.retry(resource);
      await sleep(wait, undefined, { signal: query.signal });
    }
  }

  /** One HTTP exchange. Throws what no retry fixes; returns what the caller may retry. */
  private async exchange(resource: IstResourceName, query: ListPageRequest): Promise<Outcome> {
    const where = { customerId: this.options.customerId, resource };
    let token: string;
    try {
      token = await this.options.tokens.get();
    } catch (err) {
      if (err instanceof IstUnavailableError) return { transient: err };
      throw err;
    }
    const url = this.resourceUrl(resource, query);
    let res: Dispatcher.ResponseData;
    const sent = performance.now();
    const observe = (status: number | 'network') => this.options.observer?.exchange(resource, status, (performance.now() - sent) / 1000);
    try {
      res = await request(url, {
        method: 'GET',
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        dispatcher: this.options.dispatcher,
        signal: query.signal,
        headersTimeout: this.options.headersTimeoutMs ?? 20_000,
        bodyTimeout: this.options.bodyTimeoutMs ?? 20_000,
      });
    } catch (err) {
      if (query.signal?.aborted) throw err;
      observe('network');
      return { transient: networkFault(where, err) };
    }
    let text: string;
    try {
      text = await res.body.text();
    } catch (err) {
      if (query.signal?.aborted) throw err;
      observe('network');
      return { transient: networkFault(where, err, res.statusCode) };
    }
    observe(res.statusCode);
    if (res.statusCode === 401) this.options.tokens.invalidate(token);
    return classifyResponse(
      { ...where, extensId: this.options.extensId, integrationPartnerId: this.options.integrationPartnerId, resumed: Boolean(query.pageToken), url: url.split('?')[0] },
      res.statusCode,
      res.headers,
      text,
    );
  }
}
