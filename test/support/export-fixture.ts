import { after } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../../activities/index.ts';
import { parseCustomerFile, type CustomerFile } from '../../src/config/customers.ts';
import { stockholmDate } from '../../src/map/validity.ts';
import { startSimulator, type FaultPlan, type RunningSimulator, type SimulatorTenant } from '../../src/simulator/index.ts';
import type { Store } from '../../src/store/index.ts';
import type { PayloadProtection } from '../../src/temporal/data-converter.ts';
import { temporalAddress, uniqueTaskQueue, workflowBundle } from './temporal.ts';

export interface ExportFixture {
  simulator: RunningSimulator;
  config: CustomerFile;
  env: NodeJS.ProcessEnv;
  client: Client;
  taskQueue: string;
  customerId: string;
  extensId: string;
  runDate: string;
  /** A worker on this fixture's task queue, running while `fn` runs. */
  withWorker<T>(store: Store, fn: () => Promise<T>, deps?: Partial<ActivityDeps>): Promise<T>;
}

/** What a test may change beyond the tenant: the simulator's fault plan and token lifetime, customer-file fields. */
export interface FixtureExtras {
  faults?: FaultPlan;
  tokenTtlSeconds?: number;
  customer?: Record<string, unknown>;
  /** Encrypt payloads (client and worker) as a deployment with PAYLOAD_CODEC_KEYS does. */
  payloads?: PayloadProtection;
}

/** Simulator + customer file + Temporal client for one test: fresh customer id and task queue. */
export async function exportFixture(tenant: Partial<SimulatorTenant> & { tier?: 'bronze' | 'silver' | 'gold' } = {}, extras: FixtureExtras = {}): Promise<ExportFixture> {
  const runDate = tenant.referenceDate ?? stockholmDate();
  const extensId = `EXT${Math.random().toString(36).slice(2, 8).toUpperCase()}`;
  const simulator = await startSimulator({
    ...(extras.faults ? { faults: extras.faults } : {}),
    ...(extras.tokenTtlSeconds ? { tokenTtlSeconds: extras.tokenTtlSeconds } : {}),
    tenants: [{ customerId: extensId, seed: tenant.seed ?? 1, size: tenant.size ?? 'small', clientId: 'test-client', clientSecret: 'test-secret', referenceDate: runDate }],
  });
  const customerId = `kommun-${extensId.toLowerCase()}`;
  const config = parseCustomerFile(
    {
      customers: [
        { id: customerId, name: 'Testkommun', extensId, apiBaseUrl: simulator.apiBaseUrl, tokenUrl: simulator.tokenUrl, tier: tenant.tier ?? 'silver', clientIdEnv: 'T_IST_ID', clientSecretEnv: 'T_IST_SECRET', pageSize: 100, ...extras.customer },
      ],
    },
    'test customers',
    {},
  );
  const env = { T_IST_ID: 'test-client', T_IST_SECRET: 'test-secret' };
  const connection = await Connection.connect({ address: await temporalAddress() });
  after(async () => {
    await connection.close();
    await simulator.close();
  });
  const encrypted = extras.payloads?.encrypted ?? false;
  const client = new Client({ connection, ...(extras.payloads?.clientDataConverter ? { dataConverter: extras.payloads.clientDataConverter } : {}) });
  const taskQueue = uniqueTaskQueue('export');
  return {
    simulator,
    config,
    env,
    client,
    taskQueue,
    customerId,
    extensId,
    runDate,
    async withWorker(store, fn, deps = {}) {
      const workerConnection = await NativeConnection.connect({ address: await temporalAddress() });
      try {
        const worker = await Worker.create({
          connection: workerConnection,
          taskQueue,
          workflowBundle: await workflowBundle({ encodedFailures: encrypted }),
          ...(encrypted ? { dataConverter: extras.payloads!.workerDataConverter } : {}),
          activities: createActivities({ config, store, env, today: () => runDate, ...deps }),
        });
        return await worker.runUntil(fn());
      } finally {
        await workerConnection.close();
      }
    },
  };
}

export interface RawPerson {
  id: string;
  givenName: string;
  familyName: string;
  civicNo?: { value: string };
  emails?: { value: string }[];
}

/** Every person the simulator serves, read over HTTP as a client would. */
export async function simulatedPersons(fx: ExportFixture): Promise<RawPerson[]> {
  const tokenRes = await fetch(fx.simulator.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials&client_id=test-client&client_secret=test-secret' });
  const { access_token } = (await tokenRes.json()) as { access_token: string };
  const out: RawPerson[] = [];
  let pageToken: string | undefined;
  do {
    const url = new URL(`${fx.simulator.apiBaseUrl}/source/${fx.extensId}/v2.0/persons`);
    url.searchParams.set('limit', '500');
    if (pageToken) url.searchParams.set('pageToken', pageToken);
    const body = (await (await fetch(url, { headers: { authorization: `Bearer ${access_token}` } })).json()) as { data: RawPerson[]; pageToken?: string | null };
    out.push(...body.data);
    pageToken = body.pageToken ?? undefined;
  } while (pageToken);
  return out;
}
