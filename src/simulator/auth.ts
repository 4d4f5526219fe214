// OAuth2 client-credentials token endpoint and bearer validation. Tokens are opaque and
// bound to every tenant whose credentials the client presented.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { SimulatorTenant } from './types.ts';

interface IssuedToken { customerIds: Set<string>; expiresAt: number }

export type TokenResult =
  | { status: 200; body: { access_token: string; token_type: 'Bearer'; expires_in: number } }
  | { status: 400 | 401; body: { error: string; error_description?: string } };

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

export class TokenStore {
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(private readonly tenants: readonly SimulatorTenant[], private readonly ttlSeconds: number, private readonly now: () => number = Date.now) {}

  issue(form: URLSearchParams, authorization: string | undefined): TokenResult {
    let clientId = form.get('client_id') ?? undefined;
    let clientSecret = form.get('client_secret') ?? undefined;
    if (authorization?.toLowerCase().startsWith('basic ')) {
      const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) return { status: 400, body: { error: 'invalid_client', error_description: 'malformed Basic credentials' } };
      // RFC 6749 §2.3.1: Basic credentials are form-urlencoded before base64.
      clientId = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '));
      clientSecret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' '));
    }
    const grant = form.get('grant_type');
    if (grant !== 'client_credentials') {
      return { status: 400, body: { error: grant ? 'unsupported_grant_type' : 'invalid_request', error_description: 'grant_type must be client_credentials' } };
    }
    if (!clientId || !clientSecret) return { status: 400, body: { error: 'invalid_client', error_description: 'client credentials missing' } };
    const matches = this.tenants.filter((t) => safeEqual(t.clientId, clientId) && safeEqual(t.clientSecret, clientSecret));
    if (matches.length === 0) return { status: 400, body: { error: 'invalid_client', error_description: 'unknown client or wrong secret' } };
    this.purge();
    const token = randomBytes(32).toString('base64url');
    this.tokens.set(token, { customerIds: new Set(matches.map((t) => t.customerId)), expiresAt: this.now() + this.ttlSeconds * 1000 });
    return { status: 200, body: { access_token: token, token_type: 'Bearer', expires_in: this.ttlSeconds } };
  }

  /** undefined = missing, unknown or expired token. */
  validate(authorization: string | undefined): ReadonlySet<string> | undefined {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!m?.[1]) return undefined;
    const issued = this.tokens.get(m[1]);
    if (!issued) return undefined;
    if (issued.expiresAt <= this.now()) {
      this.tokens.delete(m[1]);
      return undefined;
    }
    return issued.customerIds;
  }

  /** Forget every issued token (fault plan: token expiry mid-run). */
  revokeAll(): void {
    this.tokens.clear();
  }

  private purge(): void {
    const now = this.now();
    for (const [k, v] of this.tokens) if (v.expiresAt <= now) this.tokens.delete(k);
  }
}
