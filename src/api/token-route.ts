import type { FastifyInstance } from 'fastify';
import type { AccessTokens } from './auth/access-tokens.ts';
import type { Authenticator } from './auth/authenticate.ts';

export const TOKEN_PATH = '/oauth2/token';

/** Client id and secret from HTTP Basic (RFC 6749 2.3.1) or from the form body. */
function clientCredentials(authorization: string | undefined, body: Record<string, unknown>): { id: string; secret: string } | undefined {
  if (authorization && /^basic /i.test(authorization)) {
    const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
  }
  const id = body.client_id;
  const secret = body.client_secret;
  return typeof id === 'string' && typeof secret === 'string' ? { id, secret } : undefined;
}

/** OAuth2 client-credentials token endpoint (RFC 6749 4.4): a short-lived signed JWT per partner. */
export function registerTokenRoute(app: FastifyInstance, auth: Authenticator, tokens: AccessTokens): void {
  app.post(TOKEN_PATH, { config: { public: true, rateLimit: { max: 60, timeWindow: 60_000 } }, schema: { hide: true } }, async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    void reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    if (body.grant_type !== 'client_credentials') {
      return reply.code(400).send({ error: 'unsupported_grant_type', error_description: 'only grant_type=client_credentials is supported' });
    }
    const creds = clientCredentials(req.headers.authorization, body);
    if (!creds) return reply.code(400).send({ error: 'invalid_request', error_description: 'client_id and client_secret are required' });
    const partner = await auth.clientCredentials(creds.id, creds.secret);
    if (!partner) {
      req.log.warn({ event: 'token_refused', clientId: creds.id }, 'token refused');
      return reply.code(401).header('www-authenticate', 'Basic realm="ist-export"').send({ error: 'invalid_client' });
    }
    req.partner = partner;
    const { accessToken, expiresIn } = await tokens.issue(partner.id);
    return { access_token: accessToken, token_type: 'Bearer', expires_in: expiresIn };
  });
}
