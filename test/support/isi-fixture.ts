import { after } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../../activities/index.ts';
import { parseCustomerFile, type CustomerFile } from '../../src/config/customers.ts';
import { stockholmDate } from '../../src/map/validity.ts';
import { startSimulator, type IsiSimOptions, type RunningSimulator, type SimulatorSize } from '../../src/simulator/index.ts';
import type { Store } from '../../src/store/index.ts';
import { temporalAddress, uniqueTaskQueue, workflowBundle } from './temporal.ts';

export const ISI_PARTNER_ID = 'PARTNER-TEST-1';
export const ISI_PASSWORD = 'isi-test-password';

export interface IsiFixture {
  simulator: RunningSimulator;
  isi: NonNullable<RunningSimulator['isi']>;
  config: CustomerFile;
  env: NodeJS.ProcessEnv;
  client: Client;
  taskQueue: string;
  extensId: string;
  /** The same tenant, read over SS 12000 REST. */
  restCustomerId: string;
  /** The same tenant, read over ISI. */
  isiCustomerId: string;
  runDate: string;
  withWorker<T>(store: Store, fn: () => Promise<T>, deps?: Partial<ActivityDeps>): Promise<T>;
}

/** One simulated tenant served over REST and ISI, two customers naming it (one per route), fresh task queue. */
export async function isiFixture(options: { size?: SimulatorSize; seed?: number; isi?: Partial<IsiSimOptions>; customerIsi?: Record<string, unknown> } = {}): Promise<IsiFixture> {
  const runDate = stockholmDate();
  const extensId = `EXT${Math.random().toString(36).slice(2, 8).toUpperCase()}`;
  const simulator = await startSimulator({
    tenants: [{ customerId: extensId, seed: options.seed ?? 1, size: options.size ?? 'small', clientId: 'test-client', clientSecret: 'test-secret', referenceDate: runDate }],
    isi: { partnerId: ISI_PARTNER_ID, password: ISI_PASSWORD, delayMs: 0, ...options.isi },
  });
  const restCustomerId = `rest-${extensId.toLowerCase()}`;
  const isiCustomerId = `isi-${extensId.toLowerCase()}`;
  const config = parseCustomerFile(
    {
      integrationPartnerId: ISI_PARTNER_ID,
      customers: [
        { id: restCustomerId, name: 'Testkommun REST', extensId, apiBaseUrl: simulator.apiBaseUrl, tokenUrl: simulator.tokenUrl, tier: 'silver', clientIdEnv: 'T_IST_ID', clientSecretEnv: 'T_IST_SECRET', pageSize: 200 },
        {
          id: isiCustomerId, name: 'Testkommun ISI', extensId, tier: 'silver', transport: 'isi',
          isi: { endpoint: simulator.isi!.endpoint, passwordEnv: 'T_ISI_PASSWORD', pullTimeoutMs: 1000, pollIntervalSeconds: 1, deadlineMinutes: 2, ...options.customerIsi },
        },
      ],
    },
    'isi test customers',
    {},
  );
  const env = { T_IST_ID: 'test-client', T_IST_SECRET: 'test-secret', T_ISI_PASSWORD: ISI_PASSWORD };
  const connection = await Connection.connect({ address: await temporalAddress() });
  after(async () => {
    await connection.close();
    await simulator.close();
  });
  const taskQueue = uniqueTaskQueue('isi');
  return {
    simulator, isi: simulator.isi!, config, env, client: new Client({ connection }), taskQueue, extensId, restCustomerId, isiCustomerId, runDate,
    async withWorker(store, fn, deps = {}) {
      const workerConnection = await NativeConnection.connect({ address: await temporalAddress() });
      try {
        const worker = await Worker.create({
          connection: workerConnection, taskQueue, workflowBundle: await workflowBundle(),
          activities: createActivities({ config, store, env, today: () => runDate, ...deps }),
        });
        return await worker.runUntil(fn());
      } finally {
        await workerConnection.close();
      }
    },
  };
}

/** The failure type an operator sees: the innermost cause's type (ApplicationFailure) or name. */
export function innermostFailureType(err: unknown): string | undefined {
  let e = err as { cause?: unknown; type?: string; name?: string } | undefined;
  while (e?.cause) e = e.cause as typeof e;
  return e?.type ?? e?.name;
}
