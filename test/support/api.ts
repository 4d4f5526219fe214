// The partner API for tests: a real Fastify server on an ephemeral port over the test's store, its
// access log captured as parsed pino lines, partners with real scrypt-hashed secrets.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { AccessTokens } from '../../src/api/auth/access-tokens.ts';
import { buildApiServer } from '../../src/api/server.ts';
import type { CustomerFile } from '../../src/config/customers.ts';
import { parsePartnerFile, type PartnerFile } from '../../src/config/partners.ts';
import { hashSecret } from '../../src/config/secret-hash.ts';
import type { Store } from '../../src/store/index.ts';

export const TEST_SIGNING_KEY = 'test-signing-key-0123456789abcdef0123456789';
export const TEST_CIVICNO_KEY = '0f'.repeat(32);

export interface TestPartner {
  id: string;
  customers: string[];
  civicNo?: boolean;
  secret?: string;
  apiKeySecret?: string;
  rateLimitPerMinute?: number;
}

export async function partnerFile(partners: TestPartner[], customers: CustomerFile, extra: Record<string, unknown> = {}): Promise<PartnerFile> {
  return parsePartnerFile(
    {
      ...extra,
      partners: await Promise.all(
        partners.map(async (p) => ({
          id: p.id,
          name: `Partner ${p.id}`,
          customers: p.customers,
          civicNo: p.civicNo ?? false,
          ...(p.secret ? { clientSecretHash: await hashSecret(p.secret) } : {}),
          ...(p.apiKeySecret ? { apiKeyHashes: [await hashSecret(p.apiKeySecret)] } : {}),
          ...(p.rateLimitPerMinute ? { rateLimitPerMinute: p.rateLimitPerMinute } : {}),
        })),
      ),
    },
    'test partners',
    customers,
  );
}

export interface TestApi {
  url: string;
  /** Parsed access-log lines written so far. */
  accessLog: Record<string, unknown>[];
  /** Every log line, raw, for "no personal data" scans. */
  rawLog: string[];
  token(clientId: string, secret: string): Promise<string>;
  close(): Promise<void>;
}

export async function startTestApi(store: Store, customers: CustomerFile, partners: PartnerFile, env: NodeJS.ProcessEnv = {}): Promise<TestApi> {
  const rawLog: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      rawLog.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const app = await buildApiServer({
    store,
    customers,
    partners,
    tokens: new AccessTokens(TEST_SIGNING_KEY, partners.tokenTtlSeconds),
    env: { CIVICNO_KEY: TEST_CIVICNO_KEY, ...env },
    logger: pino({ level: 'info' }, sink),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    url,
    rawLog,
    get accessLog() {
      return rawLog.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.event === 'access');
    },
    async token(clientId, secret) {
      const res = await fetch(`${url}/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }) });
      if (res.status !== 200) throw new Error(`token endpoint answered ${res.status}`);
      return ((await res.json()) as { access_token: string }).access_token;
    },
    close: () => app.close(),
  };
}
