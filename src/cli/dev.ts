import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { Command } from 'commander';
import { createActivities } from '../../activities/index.ts';
import { apiEnvironment, startApi } from '../api/start.ts';
import { loadCustomerFile } from '../config/customers.ts';
import { readEnvironment } from '../config/environment.ts';
import { startSimulator, type SimulatorSize } from '../simulator/index.ts';
import { openStore } from '../store/index.ts';
import { PROJECT_ROOT } from '../temporal/cli-path.ts';
import { startDevServer } from '../temporal/dev-server.ts';
import { payloadProtectionFromEnv } from '../temporal/data-converter.ts';
import { PLAINTEXT_PAYLOADS_WARNING } from '../temporal/run-worker.ts';
import { startExport } from '../temporal/start-export.ts';
import { createExportWorker } from '../temporal/worker.ts';
import type { Act } from './program.ts';

// `ist-export dev` and `npm start` (src/bin/demo.ts): a local Temporal dev server + Web UI, the IST simulator,
// a worker, and one export of the demo customer. Stays up until Ctrl-C unless `exit`.

export const DEMO_CUSTOMERS_FILE = path.join(PROJECT_ROOT, 'config/customers.demo.yaml');
export const DEMO_PARTNERS_FILE = path.join(PROJECT_ROOT, 'config/partners.demo.yaml');
/** The demo partner's public demo credentials (their hashes are in config/partners.demo.yaml). */
const DEMO_PARTNER = { id: 'demo-lms', secret: 'demo-partner-secret', apiKey: 'demo-lms.demo-api-key-secret' };
const SIZES: readonly SimulatorSize[] = ['tiny', 'small', 'medium', 'l', 'xl'];

export interface DevOptions {
  exit: boolean;
  size: SimulatorSize;
  seed: number;
  customersFile: string;
}

export function registerDev(program: Command, act: Act): void {
  program
    .command('dev')
    .description('local demo (what `npm start` runs): dev server + Web UI on :8233, IST simulator, worker, one export')
    .option('--exit', 'stop right after the summary', false)
    .option('--size <size>', `simulated customer size: ${SIZES.join('|')}`, 'small')
    .option('--seed <n>', 'simulator seed', '1')
    .action(
      act(async (_ctx, opts: { exit: boolean; size: string; seed: string }) => {
        await runDev(parseDevOptions({ ...opts, customers: DEMO_CUSTOMERS_FILE }));
      }),
    );
}

export function parseDevOptions(raw: { exit?: boolean; size?: string; seed?: string; customers?: string }): DevOptions {
  const size = (raw.size ?? 'small') as SimulatorSize;
  if (!SIZES.includes(size)) throw new Error(`--size must be one of ${SIZES.join(', ')}`);
  const seed = Number(raw.seed ?? '1');
  if (!Number.isInteger(seed)) throw new Error('--seed must be an integer');
  return { exit: raw.exit ?? false, size, seed, customersFile: raw.customers ?? DEMO_CUSTOMERS_FILE };
}

export async function runDev(options: DevOptions): Promise<void> {
  const started = Date.now();
  const env = readEnvironment();
  process.env.DEMO_IST_CLIENT_ID ??= 'demo-client';
  process.env.DEMO_IST_CLIENT_SECRET ??= 'demo-secret';
  const config = loadCustomerFile(options.customersFile);
  const customer = config.customers[0]!;
  Runtime.install({ logger: new DefaultLogger('WARN') });

  const simUrl = new URL(customer.apiBaseUrl);
  const simulator = await startSimulator({
    host: simUrl.hostname,
    port: Number(simUrl.port),
    tenants: [{ customerId: customer.extensId, seed: options.seed, size: options.size, clientId: process.env.DEMO_IST_CLIENT_ID, clientSecret: process.env.DEMO_IST_CLIENT_SECRET }],
  });

  const dataDir = path.resolve(PROJECT_ROOT, env.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const server = env.TEMPORAL_ADDRESS ? null : await startDevServer({ port: 7233, uiPort: 8233, dbFile: path.join(dataDir, 'temporal.db') });
  const address = env.TEMPORAL_ADDRESS ?? server!.address;
  const store = await openStore({ databaseUrl: env.DATABASE_URL, dataDir: path.join(dataDir, 'pglite') });
  // PAYLOAD_CODEC_KEYS works in the demo too; without it the demo says payloads are plain, as a worker does.
  const payloads = payloadProtectionFromEnv();
  if (!payloads.encrypted) console.warn(PLAINTEXT_PAYLOADS_WARNING);
  const { worker, connection: workerConnection } = await createExportWorker({ address, namespace: env.TEMPORAL_NAMESPACE, activities: createActivities({ config, store }), dataConverter: payloads.workerDataConverter });
  const running = worker.run();

  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE, ...(payloads.clientDataConverter ? { dataConverter: payloads.clientDataConverter } : {}) });
  // The partner API over the same store: a demo signing key unless one is set.
  process.env.API_TOKEN_SIGNING_KEY ??= randomBytes(32).toString('hex');
  const api = await startApi({ ...apiEnvironment(), partnersFile: process.env.PARTNERS_FILE ?? DEMO_PARTNERS_FILE, customersFile: options.customersFile }, process.env, store);

  const handle = await startExport(client, customer.id);
  console.log(`export started: workflow ${handle.workflowId}`);
  const result = await handle.result();
  const stats = simulator.stats(customer.extensId);
  const persons = await store.snapshots.entities<{ roles: string[] }>(result.runId, 'person');

  console.log(`\nexport of ${customer.name} (${customer.id}) ${result.status} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.table({
    schools: { exported: result.counts.school, simulator: stats.schoolUnits },
    students: { exported: persons.filter((p) => p.roles.includes('student')).length, simulator: stats.students },
    staff: { exported: persons.filter((p) => p.roles.includes('staff')).length, simulator: stats.staff },
    classes: { exported: result.counts.class, simulator: stats.classes },
    teachingGroups: { exported: result.counts.teachingGroup, simulator: stats.teachingGroups },
  });
  console.log(`data-quality findings: ${result.issues.errors} errors, ${result.issues.warnings} warnings`);
  console.log(`fetched: ${result.fetched.map((f) => `${f.resource} ${f.records} in ${f.pages} pages`).join(', ')}`);
  if (result.changes) {
    const total = (kind: 'created' | 'updated' | 'deleted') => Object.values(result.changes!).reduce((n, c) => n + c[kind], 0);
    const seqs = result.publication ? ` (change-log seq ${result.publication.firstSeq ?? '-'}..${result.publication.lastSeq})` : '';
    console.log(`changes against the published state: ${total('created')} created, ${total('updated')} updated, ${total('deleted')} deleted${seqs}`);
  }
  console.log(`run id: ${result.runId}`);
  console.log(`store: ${env.DATABASE_URL ? 'PostgreSQL at DATABASE_URL' : `PGlite in ${path.join(dataDir, 'pglite')}`}`);
  if (server?.uiUrl) console.log(`Web UI: ${server.uiUrl}/namespaces/${env.TEMPORAL_NAMESPACE}/workflows/${encodeURIComponent(handle.workflowId)}`);

  console.log(`\npartner API on ${api.url} (demo partner ${DEMO_PARTNER.id}); read the published persons as SS 12000:`);
  console.log(`  curl -s -H 'X-API-Key: ${DEMO_PARTNER.apiKey}' '${api.url}/ss12000/source/${customer.id}/v2.0/persons?limit=2'`);
  console.log(`  TOKEN=$(curl -s -d grant_type=client_credentials -d client_id=${DEMO_PARTNER.id} -d client_secret=${DEMO_PARTNER.secret} ${api.url}/oauth2/token | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')`);
  console.log(`  curl -s -H "Authorization: Bearer $TOKEN" '${api.url}/feeds/${customer.id}/changes?after=0&limit=5'`);

  const shutdown = async () => {
    // On Ctrl-C the Temporal runtime has already begun the worker's shutdown (its own SIGINT handler).
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
    await api.close();
    await workerConnection.close();
    await connection.close();
    await store.close();
    await simulator.close();
    await server?.stop();
  };
  if (options.exit) {
    await shutdown();
    return;
  }
  const file = path.relative(process.cwd(), options.customersFile) || options.customersFile;
  console.log('\nserver, Web UI, simulator and worker stay up; Ctrl-C to stop. Meanwhile, in another shell:');
  console.log(`  .tools/bin/temporal workflow list --query "IstCustomerId = '${customer.id}'"`);
  console.log('After Ctrl-C (the embedded store serves one process at a time):');
  console.log(`  CUSTOMERS_FILE=${file} npm run cli -- report ${customer.id}            # data-quality report (CSV)`);
  console.log(`  CUSTOMERS_FILE=${file} npm run cli -- changes ${customer.id} --since 0 # what downstream reads`);
  await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  await shutdown();
}
