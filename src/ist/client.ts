import { setTimeout as sleep } from 'node:timers/promises';
import { request, type Dispatcher } from 'undici';
import {
  IstAccessNotGrantedError,
  IstClientCredentialsRejectedError,
  IstCustomerUnknownError,
  IstPageTokenExpiredError,
  IstRequestRejectedError,
  IstUnavailableError,
} from './errors.ts';
import { RESOURCE_SPECS, type IstResourceName } from './resources.ts';
import type { TokenSource } from './token.ts';
import { istErrorBody, listEnvelope } from './wire/common.ts';

export interface InRequestRetry {
  /** Tries per page inside one activity attempt, first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * Short retries here absorb a blip (one 503, one reset) without failing the activity; anything that
 * outlasts them surfaces as IstUnavailableError and Temporal's activity retry policy takes over with
 * longer backoff. Two layers, but bounded: attempts × Temporal attempts, never unbounded.
 */
export const DEFAULT_IN_REQUEST_RETRY: InRequestRetry = { attempts: 3, baseDelayMs: 500, maxDelayMs: 10_000 };

export interface IstClientOptions {
  customerId: string;
  extensId: string;
  integrationPartnerId: string;
  /** Up to and without `/source/{customerId}/v2.0`. */
  apiBaseUrl: string;
  tokens: TokenSource;
  dispatcher?: Dispatcher;
  retry?: InRequestRetry;
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
}

export interface ListPage {
  records: unknown[];
  nextPageToken: string | null;
}

export interface ListPageRequest {
  limit: number;
  pageToken?: string | null;
  signal?: AbortSignal;
}

/** Reads SS 12000 lists of one IST customer. Records come back unvalidated; see records.ts. */
export class IstClient {
  private readonly retry: InRequestRetry;
  constructor(private readonly options: IstClientOptions) {
    this.retry = options.retry ?? DEFAULT_IN_REQUEST_RETRY;
  }

  resourceUrl(resource: IstResourceName, query: ListPageRequest): string {
    const base = this.options.apiBaseUrl.replace(/\/+$/, '');
    const url = new URL(`${base}/source/${encodeURIComponent(this.options.extensId)}/v2.0/${RESOURCE_SPECS[resource].path}`);
    url.searchParams.set('limit', String(query.limit));
    // IST refuses a pageToken combined with filters; we never send filters with it.
    if (query.pageToken) url.searchParams.set('pageToken', query.pageToken);
    return url.toString();
  }

  async listPage(resource: IstResourceName, query: ListPageRequest): Promise<ListPage> {
    const context = { customerId: this.options.customerId, resource };
    let refreshedToken = false;
    let lastError: IstUnavailableError | undefined;
    for (let attempt = 1; attempt <= this.retry.attempts; attempt++) {
      query.signal?.throwIfAborted();
      const token = await this.options.tokens.get();
      let res: Dispatcher.ResponseData;
      try {
        res = await request(this.resourceUrl(resource, query), {
          method: 'GET',
          headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
          dispatcher: this.options.dispatcher,
          signal: query.signal,
          headersTimeout: this.options.headersTimeoutMs ?? 60_000,
          bodyTimeout: this.options.bodyTimeoutMs ?? 120_000,
        });
      } catch (err) {
        if (query.signal?.aborted) throw err;
        lastError = new IstUnavailableError(context, undefined, `request failed: ${(err as Error).message}`);
        await this.backoff(attempt, undefined, query.signal);
        continue;
      }
      let text: string;
      try {
        text = await res.body.text();
      } catch (err) {
        if (query.signal?.aborted) throw err;
        lastError = new IstUnavailableError(context, res.statusCode, `response body broke off: ${(err as Error).message}`);
        await this.backoff(attempt, undefined, query.signal);
        continue;
      }
      const status = res.statusCode;
      if (status === 200) {
        const page = parseEnvelope(text);
        if (page) return page;
        lastError = new IstUnavailableError(context, status, 'response is not a valid SS 12000 list (bad JSON or no data array)');
        await this.backoff(attempt, undefined, query.signal);
        continue;
      }
      if (status === 401 && !refreshedToken) {
        refreshedToken = true;
        this.options.tokens.invalidate();
        attempt--; // a token refresh is not a retry of a fault
        continue;
      }
      if (status === 401) throw new IstClientCredentialsRejectedError({ customerId: context.customerId }, 'the API refused a freshly issued token (HTTP 401)');
      const istError = parseIstError(text);
      if (status === 403) {
        throw new IstAccessNotGrantedError({ ...context, extensId: this.options.extensId, integrationPartnerId: this.options.integrationPartnerId }, istError?.code);
      }
      if (status === 404) throw new IstCustomerUnknownError({ ...context, extensId: this.options.extensId });
      if (query.pageToken && (status === 410 || status === 400)) throw new IstPageTokenExpiredError(context);
      if (status === 400 || status === 422) {
        throw new IstRequestRejectedError(context, istError?.code ?? `http_${status}`, istError?.message ?? 'no error body');
      }
      lastError = new IstUnavailableError(context, status, `HTTP ${status}${istError ? ` ${istError.code}: ${istError.message}` : ''}`);
      await this.backoff(attempt, status === 429 || status === 503 ? res.headers['retry-after'] : undefined, query.signal);
    }
    throw lastError ?? new IstUnavailableError(context, undefined, 'no attempt made');
  }

  private async backoff(attempt: number, retryAfter: string | string[] | undefined, signal?: AbortSignal): Promise<void> {
    if (attempt >= this.retry.attempts) return;
    const hinted = parseRetryAfter(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter);
    const exponential = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    const jittered = exponential / 2 + Math.random() * (exponential / 2);
    await sleep(Math.min(this.retry.maxDelayMs, hinted ?? jittered), undefined, { signal });
  }
}

function parseEnvelope(text: string): ListPage | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const envelope = listEnvelope.safeParse(json);
  if (!envelope.success) return undefined;
  return { records: envelope.data.data, nextPageToken: envelope.data.pageToken || null };
}

function parseIstError(text: string): { code: string; message: string } | undefined {
  try {
    const parsed = istErrorBody.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Retry-After is seconds or an HTTP date (RFC 9110). */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
