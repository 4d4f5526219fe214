import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { CustomerFile } from '../config/customers.ts';
import type { PartnerFile } from '../config/partners.ts';
import type { Store } from '../store/index.ts';
import { AccessTokens } from './auth/access-tokens.ts';
import { Authenticator } from './auth/authenticate.ts';
import { ApiContext } from './context.ts';
import { ApiError } from './errors.ts';
import { registerFeedRoutes } from './feed/routes.ts';
import { ApiMetrics } from './metrics.ts';
import { registerSs12000Routes } from './ss12000/routes.ts';
import { registerTokenRoute } from './token-route.ts';

export interface ApiServerOptions {
  store: Store;
  customers: CustomerFile;
  partners: PartnerFile;
  /** Signs and checks access tokens; default from API_TOKEN_SIGNING_KEY. */
  tokens?: AccessTokens;
  env?: NodeJS.ProcessEnv;
  /** Where the access log goes; default pino on stdout at LOG_LEVEL (info). */
  logger?: Logger;
}

const PUBLIC = { public: true, rateLimit: false } as const;

/**
 * The partner API: SS 12000 read side and change feed over the store, OAuth2 token endpoint, health
 * and metrics. Stateless (everything lives in the store and in signed tokens), so several instances
 * can serve behind a load balancer; only the rate limit counts per instance.
 */
export async function buildApiServer(options: ApiServerOptions): Promise<FastifyInstance> {
  const env = options.env ?? process.env;
  const tokens = options.tokens ?? AccessTokens.fromEnv(options.partners.tokenTtlSeconds, env);
  const auth = new Authenticator(options.partners, tokens);
  const api = new ApiContext(options.store, options.customers, options.partners, auth, env);
  const metrics = new ApiMetrics();

  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: { level: env.LOG_LEVEL ?? 'info' } }),
    // Fastify's own request lines carry URLs (ids, query strings); our access line replaces them.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
  }) as unknown as FastifyInstance;
  app.decorateRequest('partner', null);
  app.decorateRequest('records', 0);
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  // Authentication first: nothing but public routes runs for an unknown caller.
  app.addHook('onRequest', async (req, reply) => {
    if (req.routeOptions.config?.public) return;
    const outcome = await auth.authenticate(req.headers);
    if ('rejected' in outcome) {
      const message = outcome.rejected === 'missing' ? `send a bearer token (POST /oauth2/token) or an API key in ${options.partners.apiKeyHeader}` : outcome.rejected === 'expired' ? 'the access token has expired; fetch a new one' : 'the credential is not valid';
      void reply.header('www-authenticate', `Bearer realm="ist-export"${outcome.rejected === 'missing' ? '' : `, error="invalid_token"`}`);
      throw new ApiError(401, outcome.rejected === 'expired' ? 'token_expired' : 'unauthorized', message);
    }
    req.partner = outcome.partner;
  });
  // A partner never reads a customer it is not granted: 403 on every path of that customer.
  app.addHook('preHandler', async (req) => {
    const customerId = (req.params as { customerId?: string } | undefined)?.customerId;
    if (customerId !== undefined && req.partner && !req.partner.customers.includes(customerId)) {
      throw new ApiError(403, 'forbidden', `partner ${req.partner.id} is not granted customer ${customerId}`);
    }
  });
  await app.register(rateLimit, {
    global: true,
    hook: 'preHandler',
    timeWindow: 60_000,
    keyGenerator: (req) => (req.partner ? `partner:${req.partner.id}` : `ip:${req.ip}`),
    max: (req) => req.partner?.rateLimitPerMinute ?? options.partners.rateLimitPerMinute,
    errorResponseBuilder: (_req, ctx) => new ApiError(429, 'rate_limited', `rate limit of ${ctx.max} requests per minute reached; retry in ${ctx.after}`),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'ist-export change feed', version: '1', description: 'Our published model as a change feed and as full state (NDJSON). The SS 12000 v2.1 read side follows the SS 12000 specification and is not described here.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, apiKey: { type: 'apiKey', in: 'header', name: options.partners.apiKeyHeader } } },
      security: [{ bearer: [] }, { apiKey: [] }],
    },
  });

  app.setErrorHandler((err: Error & { statusCode?: number; validation?: unknown }, req, reply) => {
    if (err instanceof ApiError) return reply.code(err.status).headers(err.headers).send({ code: err.code, message: err.message });
    // A page token whose publication can no longer be rebuilt: 410, which SS 12000 clients (ours too) answer by restarting the listing.
    if (err.name === 'PublishedStateGoneError') return reply.code(410).send({ code: 'page_token_expired', message: err.message });
    if (err.statusCode !== undefined && err.statusCode < 500) return reply.code(err.statusCode).send({ code: 'invalid_request', message: err.message });
    req.log.error({ err: { name: err.name, message: err.message } }, 'request failed');
    return reply.code(500).send({ code: 'internal_error', message: `internal error (${err.name})` });
  });
  app.setNotFoundHandler((req, reply) => reply.code(404).send({ code: 'not_found', message: `no such path: ${req.url.split('?')[0]}` }));

  // One access-log line per request: who, which customer, which route, outcome, size, time. Never a
  // query string or body (they may carry ids or numbers asked for), never personal data.
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    const ms = Math.round(reply.elapsedTime);
    const customer = (req.params as { customerId?: string } | undefined)?.customerId ?? null;
    req.log.info({ event: 'access', partner: req.partner?.id ?? null, customer, route, method: req.method, status: reply.statusCode, records: req.records, ms }, 'access');
    metrics.requests.inc({ partner: req.partner?.id ?? '', route, status: String(reply.statusCode) });
    metrics.duration.observe({ route }, reply.elapsedTime / 1000);
  });

  app.get('/healthz', { config: PUBLIC, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: PUBLIC, schema: { hide: true } }, async (_req, reply) => {
    try {
      await options.store.db.query('SELECT 1');
      return { status: 'ready' };
    } catch {
      return reply.code(503).send({ status: 'store unreachable' });
    }
  });
  app.get('/metrics', { config: PUBLIC, schema: { hide: true } }, async (_req, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()));
  registerTokenRoute(app, auth, tokens);
  registerSs12000Routes(app, api);
  registerFeedRoutes(app, api);
  app.get('/feeds/openapi.json', { config: PUBLIC, schema: { hide: true } }, async () => app.swagger());
  return app;
}
