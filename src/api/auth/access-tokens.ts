import { errors, jwtVerify, SignJWT } from 'jose';
import { readSecret } from '../../config/secrets.ts';

// Short-lived access tokens for the OAuth2 client-credentials flow: HS256 JWTs signed with
// API_TOKEN_SIGNING_KEY. Every API instance with the same key accepts them, so instances stay stateless.

export const SIGNING_KEY_ENV = 'API_TOKEN_SIGNING_KEY';
const ISSUER = 'ist-export';
const AUDIENCE = 'ist-export-api';

/** Thrown when API_TOKEN_SIGNING_KEY is unset or shorter than 32 bytes. */
export class ApiSigningKeyInvalidError extends Error {
  override readonly name = 'ApiSigningKeyInvalidError';
  constructor(readonly reason: string) {
    super(`${SIGNING_KEY_ENV}: ${reason} (generate one with: openssl rand -hex 32)`);
  }
}

export class AccessTokens {
  private readonly key: Uint8Array;

  constructor(key: string, private readonly ttlSeconds: number) {
    if (Buffer.byteLength(key) < 32) throw new ApiSigningKeyInvalidError('must be at least 32 bytes');
    this.key = new TextEncoder().encode(key);
  }

  static fromEnv(ttlSeconds: number, env: NodeJS.ProcessEnv = process.env): AccessTokens {
    const key = readSecret(SIGNING_KEY_ENV, env);
    if (!key) throw new ApiSigningKeyInvalidError('is not set');
    return new AccessTokens(key, ttlSeconds);
  }

  async issue(partnerId: string): Promise<{ accessToken: string; expiresIn: number }> {
    const accessToken = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(partnerId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.key);
    return { accessToken, expiresIn: this.ttlSeconds };
  }

  /** The partner id of a valid token; `expired` or `invalid` otherwise. */
  async verify(token: string): Promise<{ partnerId: string } | { rejected: 'expired' | 'invalid' }> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
      return typeof payload.sub === 'string' ? { partnerId: payload.sub } : { rejected: 'invalid' };
    } catch (err) {
      return { rejected: err instanceof errors.JWTExpired ? 'expired' : 'invalid' };
    }
  }
}
