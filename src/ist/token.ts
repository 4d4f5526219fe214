import { request, type Dispatcher } from 'undici';
import { z } from 'zod';
import { IstClientCredentialsRejectedError, IstUnavailableError } from './errors.ts';

const tokenResponse = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().positive(),
});

export interface TokenSourceOptions {
  customerId: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  dispatcher?: Dispatcher;
  /** Refresh this long before IST says the token expires (ms); covers clock skew and slow requests. */
  refreshMarginMs?: number;
  now?: () => number;
}

/** OAuth2 client-credentials token for one customer, cached until shortly before it expires. */
export class TokenSource {
  private cached: { token: string; refreshAt: number } | undefined;
  private inflight: Promise<string> | undefined;
  private readonly now: () => number;
  private readonly margin: number;

  constructor(private readonly options: TokenSourceOptions) {
    this.now = options.now ?? Date.now;
    this.margin = options.refreshMarginMs ?? 60_000;
  }

  /** A valid bearer token; concurrent callers share one token request. */
  async get(): Promise<string> {
    if (this.cached && this.now() < this.cached.refreshAt) return this.cached.token;
    this.inflight ??= this.fetchToken().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /**
   * Forget the cached token after the API answered 401 to it. Given the refused token, only that
   * one is dropped: parallel requests that all got 401 on it cause one refresh, not one each.
   */
  invalidate(refused?: string): void {
    if (refused === undefined || this.cached?.token === refused) this.cached = undefined;
  }

  private async fetchToken(): Promise<string> {
    const { customerId, tokenUrl, clientId, clientSecret } = this.options;
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
    let res: Dispatcher.ResponseData;
    try {
      res = await request(tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: body.toString(),
        dispatcher: this.options.dispatcher,
        headersTimeout: 30_000,
        bodyTimeout: 30_000,
      });
    } catch (err) {
      throw new IstUnavailableError({ customerId, resource: 'token' }, undefined, `token endpoint unreachable (${(err as Error).message})`);
    }
    const text = await res.body.text();
    if (res.statusCode === 400 || res.statusCode === 401) {
      throw new IstClientCredentialsRejectedError({ customerId }, `the token endpoint answered HTTP ${res.statusCode}${oauthError(text)}`);
    }
    if (res.statusCode !== 200) {
      throw new IstUnavailableError({ customerId, resource: 'token' }, res.statusCode, `token endpoint answered HTTP ${res.statusCode}`);
    }
    let parsed: z.infer<typeof tokenResponse>;
    try {
      parsed = tokenResponse.parse(JSON.parse(text));
    } catch {
      throw new IstUnavailableError({ customerId, resource: 'token' }, res.statusCode, 'token endpoint answered a body that is not a token response');
    }
    const lifetimeMs = parsed.expires_in * 1000;
    this.cached = { token: parsed.access_token, refreshAt: this.now() + Math.max(lifetimeMs - this.margin, lifetimeMs / 2) };
    return parsed.access_token;
  }
}

function oauthError(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: unknown };
    return typeof body.error === 'string' ? `, ${body.error}` : '';
  } catch {
    return '';
  }
}
