import type { FaultEvent, FaultPlan } from './faults.ts';
import type { IsiFaultPlan, IsiLogEntry, IsiSimOptions } from './isi/endpoint.ts';
import type { Mutation } from './mutations.ts';
import type { ResourceName } from './resources.ts';

export type SimulatorSize = 'tiny' | 'small' | 'medium' | 'l' | 'xl';

export interface SimulatorTenant {
  customerId: string;            // IST's customer id (ISI_EXTENS_ID), used in the URL path
  seed: number;
  size: SimulatorSize;
  clientId: string; clientSecret: string;   // OAuth2 client credentials accepted for this tenant
  referenceDate?: string;        // 'YYYY-MM-DD'; dates are generated relative to it; default: today in Europe/Stockholm
}

export interface SimulatorOptions {
  host?: string;                 // default 127.0.0.1
  port?: number;                 // default 0 (random free port)
  tenants: SimulatorTenant[];
  tokenTtlSeconds?: number;      // default 3600
  maxPageSize?: number;          // default 1000; larger limit is clamped
  defaultPageSize?: number;      // default 100
  faults?: FaultPlan;            // default none; see faults.ts
  isi?: IsiSimOptions;           // serve the ISI partner endpoint (SOAP) too; see isi/endpoint.ts
}

export interface RequestLogEntry { at: number; method: string; path: string; query: Record<string, string | string[]>; status: number; customerId?: string; resource?: string; offset?: number; count?: number }

export interface TenantStats {
  organisations: number; schoolUnits: number; persons: number;
  students: number;        // persons with an enrolment active on referenceDate
  staff: number;           // persons with a duty active on referenceDate
  duties: number; activeDuties: number;
  groups: number; classes: number; teachingGroups: number;   // groupType Klass / Undervisning
  activities: number; syllabuses: number;
  groupMemberships: number; activeGroupMemberships: number;  // active = startDate <= ref <= endDate (inclusive, missing = open)
  personsWithoutEmail: number; coordinationNumbers: number;
}

export interface RunningSimulator {
  url: string;
  tokenUrl: string;
  apiBaseUrl: string;
  requestLog: RequestLogEntry[];
  /** The fault plan in force: replace it between runs, read what was injected. */
  faults: {
    set(plan: FaultPlan): void;
    readonly events: readonly FaultEvent[];
    invalidRecordIds(resource: ResourceName): string[];
  };
  stats(customerId: string): TenantStats;
  /** Test-only: serve this customer's lists with these mutations from now on ([] restores the generated data). */
  mutate(customerId: string, mutations: readonly Mutation[]): void;
  /** The ISI partner endpoint, when started with `isi`. */
  isi?: {
    endpoint: string;
    setFaults(plan: IsiFaultPlan): void;
    readonly log: readonly IsiLogEntry[];
    readonly triggerCount: number;
    /** The gzip IMS file a trigger of this tenant answers with. */
    file(customerId: string): Promise<Buffer>;
  };
  close(): Promise<void>;
}
