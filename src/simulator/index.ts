// Public entry of the IST SS 12000 v2.1 simulator. Shares no code with src/ist/ on purpose.
import type { AddressInfo } from 'node:net';
import { TokenStore } from './auth.ts';
import { Faults } from './faults.ts';
import { IsiEndpoint, ISI_PATH } from './isi/endpoint.ts';
import type { Mutation } from './mutations.ts';
import { createSimulatorServer, type ServerInternals } from './server.ts';
import { computeStats } from './stats.ts';
import { buildTenant, type Tenant } from './tenant-plan.ts';
import type { RequestLogEntry, RunningSimulator, SimulatorOptions, TenantStats } from './types.ts';

export type { RequestLogEntry, RunningSimulator, SimulatorOptions, SimulatorSize, SimulatorTenant, TenantStats } from './types.ts';
export type { FaultContext, FaultHook, FaultResponse } from './server.ts';
export type { IsiFaultPlan, IsiSimOptions } from './isi/endpoint.ts';
export type { Mutation } from './mutations.ts';
export { FAULT_HEADER, UNKNOWN_CODE_VALUES, type FaultEvent, type FaultPlan } from './faults.ts';

export async function startSimulator(options: SimulatorOptions, internals: ServerInternals = {}): Promise<RunningSimulator> {
  const tenants = new Map<string, Tenant>();
  for (const cfg of options.tenants) {
    if (tenants.has(cfg.customerId)) throw new Error(`duplicate customerId '${cfg.customerId}'`);
    tenants.set(cfg.customerId, buildTenant(cfg));
  }
  const ttl = options.tokenTtlSeconds ?? 3600;
  const settings = {
    tokenTtlSeconds: ttl,
    maxPageSize: options.maxPageSize ?? 1000,
    defaultPageSize: options.defaultPageSize ?? 100,
  };
  const requestLog: RequestLogEntry[] = [];
  const tokens = new TokenStore(options.tenants, ttl);
  const faults = new Faults(options.faults ?? {}, () => tokens.revokeAll());
  const mutations = new Map<string, readonly Mutation[]>();
  const isi = options.isi ? new IsiEndpoint(options.isi, tenants) : undefined;
  const server = createSimulatorServer(settings, tenants, tokens, requestLog, { faults, mutations, ...(isi ? { isi } : {}), ...internals });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  const url = `http://${host}:${addr.port}`;
  const statsCache = new Map<string, TenantStats>();
  return {
    url,
    tokenUrl: `${url}/connect/token`,
    apiBaseUrl: `${url}/ss12000v2-api`,
    requestLog,
    ...(isi
      ? {
        isi: {
          endpoint: `${url}${ISI_PATH}`,
          setFaults: (plan) => isi.setFaults(plan),
          get log() {
            return isi.log;
          },
          get triggerCount() {
            return isi.triggerCount;
          },
          file: (customerId) => isi.file(customerId),
        },
      }
      : {}),
    faults: {
      set: (plan) => faults.set(plan),
      get events() {
        return faults.events;
      },
      invalidRecordIds: (resource) => faults.invalidRecordIds(resource),
    },
    mutate(customerId: string, list: readonly Mutation[]): void {
      if (!tenants.has(customerId)) throw new Error(`unknown customerId '${customerId}'`);
      mutations.set(customerId, list);
    },
    stats(customerId: string): TenantStats {
      const t = tenants.get(customerId);
      if (!t) throw new Error(`unknown customerId '${customerId}'`);
      let s = statsCache.get(customerId);
      if (!s) {
        s = computeStats(t);
        statsCache.set(customerId, s);
      }
      return { ...s };
    },
    close: () => new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections();
    }),
  };
}
