import { createHash } from 'node:crypto';
import { verifySecret } from '../../config/secret-hash.ts';
import type { Partner, PartnerFile } from '../../config/partners.ts';
import type { AccessTokens } from './access-tokens.ts';

// Who is calling: a bearer token from our token endpoint, or an API key `<partner id>.<secret>` in the
// configured header. Successful scrypt checks are remembered for a short while (by a SHA-256 of the
// presented secret, never the secret) so a key sent with every request costs one hash per minute.

export type AuthOutcome = { partner: Partner } | { rejected: 'missing' | 'invalid' | 'expired' };

const CACHE_MS = 60_000;
const CACHE_MAX = 1000;

export class Authenticator {
  private readonly partners: Map<string, Partner>;
  private readonly verified = new Map<string, number>();

  constructor(
    private readonly file: PartnerFile,
    private readonly tokens: AccessTokens,
    private readonly now: () => number = Date.now,
  ) {
    this.partners = new Map(file.partners.map((p) => [p.id, p]));
  }

  get apiKeyHeader(): string {
    return this.file.apiKeyHeader.toLowerCase();
  }

  partner(id: string): Partner | undefined {
    return this.partners.get(id);
  }

  /** OAuth2 client credentials → the partner, or undefined for an unknown client or wrong secret. */
  async clientCredentials(clientId: string, clientSecret: string): Promise<Partner | undefined> {
    const partner = this.partners.get(clientId);
    if (!partner?.clientSecretHash) return undefined;
    return (await this.check(`client:${clientId}`, clientSecret, [partner.clientSecretHash])) ? partner : undefined;
  }

  /** The caller of one request, from its headers. */
  async authenticate(headers: Record<string, string | string[] | undefined>): Promise<AuthOutcome> {
    const authorization = headers.authorization;
    if (typeof authorization === 'string' && /^bearer /i.test(authorization)) {
      const result = await this.tokens.verify(authorization.slice(7).trim());
      if ('rejected' in result) return result;
      const partner = this.partners.get(result.partnerId);
      // A partner removed from the file loses access at once, even with a token still valid.
      return partner ? { partner } : { rejected: 'invalid' };
    }
    const key = headers[this.apiKeyHeader];
    if (typeof key === 'string' && key !== '') {
      const dot = key.indexOf('.');
      const partner = dot > 0 ? this.partners.get(key.slice(0, dot)) : undefined;
      if (!partner || partner.apiKeyHashes.length === 0) return { rejected: 'invalid' };
      return (await this.check(`key:${partner.id}`, key.slice(dot + 1), partner.apiKeyHashes)) ? { partner } : { rejected: 'invalid' };
    }
    return { rejected: 'missing' };
  }

  private async check(scope: string, secret: string, hashes: readonly string[]): Promise<boolean> {
    const cacheKey = createHash('sha256').update(`${scope}\0${secret}`).digest('base64url');
    const until = this.verified.get(cacheKey);
    if (until !== undefined && until > this.now()) return true;
    for (const hash of hashes) {
      if (await verifySecret(secret, hash)) {
        if (this.verified.size >= CACHE_MAX) this.verified.clear();
        this.verified.set(cacheKey, this.now() + CACHE_MS);
        return true;
      }
    }
    return false;
  }
}
