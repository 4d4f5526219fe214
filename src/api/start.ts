import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadCustomerFile } from '../config/customers.ts';
import { loadPartnerFile } from '../config/partners.ts';
import { openStore, type Store } from '../store/index.ts';
import { buildApiServer } from './server.ts';

/** API settings from the environment: where to listen and which files to read. */
export interface ApiEnvironment {
  host: string;
  port: number;
  partnersFile: string;
  customersFile: string;
}

export function apiEnvironment(env: NodeJS.ProcessEnv = process.env): ApiEnvironment {
  const port = Number(env.API_PORT ?? '8080');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`environment variable API_PORT: expected a port number, got '${env.API_PORT}'`);
  return {
    host: env.API_HOST || '127.0.0.1',
    port,
    partnersFile: env.PARTNERS_FILE || 'config/partners.yaml',
    customersFile: env.CUSTOMERS_FILE || 'config/customers.yaml',
  };
}

export interface RunningApi {
  app: FastifyInstance;
  /** http://host:port */
  url: string;
  close(): Promise<void>;
}

/** Load and check both files, open the store (or use `store`), listen. */
export async function startApi(settings: ApiEnvironment, env: NodeJS.ProcessEnv = process.env, store?: Store): Promise<RunningApi> {
  const customers = loadCustomerFile(settings.customersFile, env);
  const partners = loadPartnerFile(settings.partnersFile, customers);
  const own = store ?? (await openStore({ databaseUrl: env.DATABASE_URL, dataDir: path.resolve(env.DATA_DIR ?? '.data', 'pglite') }));
  const app = await buildApiServer({ store: own, customers, partners, env });
  await app.listen({ host: settings.host, port: settings.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : settings.port;
  return {
    app,
    url: `http://${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${port}`,
    async close() {
      await app.close();
      if (!store) await own.close();
    },
  };
}
