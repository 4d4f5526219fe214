// Benchmark: a partner's full read of a large customer's persons through the SS 12000 API, over real
// HTTP and real Postgres, with the API as its own process (`ist-export serve`). Prints records per
// second and the server's peak RSS (its own ist_export_api_process_resident_memory_bytes, sampled while
// reading): with keyset paging it stays flat however many persons the customer has.
//   npx tsx bench/api-read.ts [medium] [l] [xl]     (DATABASE_URL or TEST_DATABASE_URL; a fresh database is created)
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { computeRunDiff } from '../src/diff/compute.ts';
import { hashSecret } from '../src/config/secret-hash.ts';
import { mapCustomer, type IstRecords, type MapOptions } from '../src/map/index.ts';
import { publishRun } from '../src/publish/publish.ts';
import { RESOURCES, type ResourceName } from '../src/simulator/resources.ts';
import { buildTenant } from '../src/simulator/tenant-plan.ts';
import type { SimulatorSize } from '../src/simulator/types.ts';
import { openStore, type Store } from '../src/store/index.ts';
import { PROJECT_ROOT } from '../src/temporal/cli-path.ts';
import { freshPostgresUrl } from '../test/support/databases.ts';

const RUN_DATE = '2026-03-16';
const LISTS: ResourceName[] = ['organisations', 'persons', 'duties', 'groups', 'activities', 'syllabuses'];
const SECRET = 'bench-partner-secret';

/** Map a simulated tenant and publish it, without Temporal (the export is measured elsewhere). */
async function publishTenant(store: Store, size: SimulatorSize, customerId: string): Promise<number> {
  const tenant = buildTenant({ customerId: `BENCH${size}`, seed: 1, size, clientId: 'x', clientSecret: 'x', referenceDate: RUN_DATE });
  const records = {} as Record<ResourceName, unknown[]>;
  for (const list of LISTS) records[list] = Array.from({ length: RESOURCES[list].count(tenant) }, (_, i) => RESOURCES[list].render(tenant, i, new Set()));
  const options = { window: { runDate: RUN_DATE, lookAheadDays: 0 }, emailRequired: false, forwardCivicNo: false } as unknown as MapOptions;
  const entities = mapCustomer(records as unknown as IstRecords, options).entities;
  const runId = randomUUID();
  await store.runs.begin(runId, customerId, `bench/${runId}`);
  await store.snapshots.write(runId, entities, []);
  await computeRunDiff(store.db, customerId, runId);
  await publishRun(store.db, customerId, runId);
  return entities.filter((e) => e.type === 'person').length;
}

async function startServer(dir: string, url: string, customers: string[]): Promise<{ base: string; stop(): void }> {
  writeFileSync(path.join(dir, 'customers.yaml'), JSON.stringify({ customers: customers.map((id) => ({ id, name: id, extensId: id.toUpperCase(), tier: 'silver', clientIdEnv: 'X', clientSecretEnv: 'Y' })) }));
  writeFileSync(path.join(dir, 'partners.yaml'), JSON.stringify({ rateLimitPerMinute: 100000, partners: [{ id: 'bench', name: 'bench', clientSecretHash: await hashSecret(SECRET), customers }] }));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/bin/cli.ts'), 'serve'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: url, API_PORT: String(port), CUSTOMERS_FILE: path.join(dir, 'customers.yaml'), PARTNERS_FILE: path.join(dir, 'partners.yaml'), API_TOKEN_SIGNING_KEY: randomUUID() + randomUUID(), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('api ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
  return { base: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

async function serverRssMb(base: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const m = /^ist_export_api_process_resident_memory_bytes (\d+)/m.exec(text);
  return m ? Number(m[1]) / 2 ** 20 : NaN;
}

async function main(): Promise<void> {
  const sizes = (process.argv.slice(2).length ? process.argv.slice(2) : ['medium', 'xl']) as SimulatorSize[];
  const fresh = process.env.DATABASE_URL ? undefined : await freshPostgresUrl();
  const url = process.env.DATABASE_URL ?? fresh?.url;
  if (!url) throw new Error('set DATABASE_URL or TEST_DATABASE_URL (a real Postgres)');
  const store = await openStore({ databaseUrl: url, maxConnections: 4 });
  const dir = mkdtempSync(path.join(tmpdir(), 'ist-export-bench-'));
  const customers = sizes.map((s) => `bench-${s}`);
  const counts = new Map<string, number>();
  try {
    for (const [i, size] of sizes.entries()) counts.set(size, await publishTenant(store, size, customers[i]!));
    const server = await startServer(dir, url, customers);
    try {
      const token = ((await (await fetch(`${server.base}/oauth2/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'bench', client_secret: SECRET }) })).json()) as { access_token: string }).access_token;
      console.log(`server RSS at start: ${(await serverRssMb(server.base)).toFixed(0)} MB`);
      console.log('size    persons   pages   seconds   records/s   server peak RSS');
      for (const [i, size] of sizes.entries()) {
        let peak = await serverRssMb(server.base);
        let records = 0;
        let pages = 0;
        const t0 = performance.now();
        let next = `${server.base}/ss12000/source/${customers[i]}/v2.0/persons?limit=1000`;
        for (;;) {
          const body = (await (await fetch(next, { headers: { authorization: `Bearer ${token}` } })).json()) as { data: unknown[]; pageToken?: string };
          records += body.data.length;
          if (++pages % 10 === 0) peak = Math.max(peak, await serverRssMb(server.base));
          if (!body.pageToken) break;
          next = `${server.base}/ss12000/source/${customers[i]}/v2.0/persons?limit=1000&pageToken=${encodeURIComponent(body.pageToken)}`;
        }
        const s = (performance.now() - t0) / 1000;
        peak = Math.max(peak, await serverRssMb(server.base));
        if (records !== counts.get(size)) throw new Error(`read ${records} persons, published ${counts.get(size)}`);
        console.log(`${size.padEnd(6)} ${String(records).padStart(8)} ${String(pages).padStart(7)} ${s.toFixed(1).padStart(9)} ${Math.round(records / s).toString().padStart(11)} ${`${peak.toFixed(0)} MB`.padStart(17)}`);
      }
    } finally {
      server.stop();
    }
  } finally {
    await store.close();
    await fresh?.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
