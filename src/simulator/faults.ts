// Fault plan: the ways the real IST misbehaves, replayable per test. Decisions are pure functions of
// (seed, tenant, request number) or (seed, resource, record index), so a retried page sees the same
// corrupt records and a given request sequence sees the same faults.
import { hash32, labelHash } from './prng.ts';
import type { ResourceName } from './resources.ts';

/** Every field is optional; an empty plan (the default) injects nothing. */
export interface FaultPlan {
  /** Seed of the rate-based choices. Default 1. */
  seed?: number;
  /** IST customer ids (extensIds) the plan applies to; default every tenant. */
  customers?: string[];
  /** 429 bursts: of every `every` API requests of a tenant, the first `burst` answer 429 with Retry-After. */
  rateLimit?: { every: number; burst: number; retryAfterSeconds: number; /** Retry-After as an HTTP date instead of seconds. */ httpDate?: boolean };
  /** 503 `source_unavailable` for `requests` API requests once `afterRequests` have passed. */
  unavailable?: { afterRequests: number; requests: number; retryAfterSeconds?: number };
  /** Random 5xx at `rate` (0..1), seeded; statuses default [500, 502, 504]. */
  serverErrors?: { rate: number; statuses?: number[] };
  /** Latency at `rate` (default 1): headers sent after `headersMs`; the body stalls `bodyStallMs` halfway. */
  latency?: { rate?: number; headersMs?: number; bodyStallMs?: number };
  /** 200 with the body cut off mid-JSON (Content-Length matches the cut body), at `rate`. */
  truncatedJson?: { rate: number };
  /** The socket is destroyed halfway through the body (a connection reset), at `rate`. */
  connectionReset?: { rate: number };
  /** Every issued token is revoked when the tenant's API request number `afterRequests` arrives (once). */
  tokenExpiry?: { afterRequests: number };
  /** 410 Gone for a pageToken issued longer ago than this. */
  pageTokenMaxAgeSeconds?: number;
  /** Records made invalid (a required attribute removed) at `rate`, by record index: stable across reads. */
  invalidRecords?: { rate: number; resources?: ResourceName[] };
  /** Enumeration values outside SS 12000 2.1's code lists (dutyRole, email type, groupType) at `rate`, by record index. */
  unknownCodes?: { rate: number };
  /** Every matching API request answers this status with an SS 12000 Error body (e.g. 401 for a token the API refuses). */
  respond?: { status: number; code: string; message: string; resources?: ResourceName[] };
}

/** One injected fault, for tests to count what the client had to absorb. */
export interface FaultEvent {
  at: number;
  customerId: string;
  resource: ResourceName;
  request: number;
  kind: 'rateLimit' | 'unavailable' | 'serverError' | 'latency' | 'truncatedJson' | 'connectionReset' | 'tokenExpiry' | 'pageTokenExpired' | 'respond';
}

export interface FaultRequest {
  customerId: string;
  resource: ResourceName;
  offset: number;
  pageTokenIssuedAt?: number;
  /** A per-request plan from the `x-simulator-faults` header (JSON), merged over the start-up plan. */
  headerPlan?: FaultPlan;
}

export interface FaultDecision {
  /** A reply instead of the data. */
  reply?: { status: number; body: unknown; headers?: Record<string, string> };
  delivery: Delivery;
  /** Applied to each rendered record of a 200 page (index = record index in the list). */
  transform?: (record: Record<string, unknown>, index: number) => Record<string, unknown>;
}

export interface Delivery {
  headersDelayMs?: number;
  bodyStallMs?: number;
  truncate?: boolean;
  reset?: boolean;
}

export const FAULT_HEADER = 'x-simulator-faults';

const REQUIRED_ATTRIBUTE: Record<ResourceName, string> = {
  organisations: 'displayName', persons: 'familyName', duties: 'dutyAt', groups: 'organisation', activities: 'groups', syllabuses: 'official',
};

function chance(seed: number, label: string, n: number, rate: number | undefined): boolean {
  if (!rate || rate <= 0) return false;
  return hash32(seed, labelHash(label), n) / 0x1_0000_0000 < rate;
}

function istError(status: number, code: string, message: string, headers?: Record<string, string>): NonNullable<FaultDecision['reply']> {
  return headers ? { status, body: { code, message }, headers } : { status, body: { code, message } };
}

/**
 * The simulator's fault state: the plan, a request counter per tenant, and what was injected.
 * Which request gets a random fault depends on the plan's seed and the request's number only (not on
 * the tenant's id, which tests randomise), so a plan injects the same faults in every test run.
 */
export class Faults {
  readonly events: FaultEvent[] = [];
  private readonly counters = new Map<string, number>();
  private readonly invalid = new Map<string, Set<string>>();
  private tokenExpired = false;

  constructor(private plan: FaultPlan, private readonly revokeTokens: () => void, private readonly now: () => number = Date.now) {}

  /** Replace the plan (counters restart, so windows count from now). */
  set(plan: FaultPlan): void {
    this.plan = plan;
    this.counters.clear();
    this.tokenExpired = false;
  }

  /** Ids of records served invalid, per resource. */
  invalidRecordIds(resource: ResourceName): string[] {
    return [...(this.invalid.get(resource) ?? [])].sort();
  }

  decide(req: FaultRequest): FaultDecision {
    const plan = req.headerPlan ? { ...this.plan, ...req.headerPlan } : this.plan;
    if (plan.customers && !plan.customers.includes(req.customerId)) return { delivery: {} };
    const n = (this.counters.get(req.customerId) ?? 0) + 1;
    this.counters.set(req.customerId, n);
    const seed = plan.seed ?? 1;
    const event = (kind: FaultEvent['kind']): void => {
      this.events.push({ at: this.now(), customerId: req.customerId, resource: req.resource, request: n, kind });
    };

    if (plan.respond && (!plan.respond.resources || plan.respond.resources.includes(req.resource))) {
      event('respond');
      return { reply: istError(plan.respond.status, plan.respond.code, plan.respond.message), delivery: {} };
    }
    if (plan.tokenExpiry && !this.tokenExpired && n >= plan.tokenExpiry.afterRequests) {
      this.tokenExpired = true;
      this.revokeTokens();
      event('tokenExpiry');
      return { reply: istError(401, 'unauthorized', 'missing, invalid or expired bearer token', { 'www-authenticate': 'Bearer error="invalid_token"' }), delivery: {} };
    }
    if (plan.pageTokenMaxAgeSeconds !== undefined && req.pageTokenIssuedAt !== undefined && this.now() - req.pageTokenIssuedAt > plan.pageTokenMaxAgeSeconds * 1000) {
      event('pageTokenExpired');
      return { reply: istError(410, 'gone', 'pageToken has expired; start the listing again'), delivery: {} };
    }
    const rl = plan.rateLimit;
    if (rl && rl.every > 0 && (n - 1) % rl.every < rl.burst) {
      event('rateLimit');
      const retryAfter = rl.httpDate ? new Date(this.now() + rl.retryAfterSeconds * 1000).toUTCString() : String(rl.retryAfterSeconds);
      return { reply: istError(429, 'too_many_requests', 'rate limit exceeded', { 'retry-after': retryAfter }), delivery: {} };
    }
    const un = plan.unavailable;
    if (un && n > un.afterRequests && n <= un.afterRequests + un.requests) {
      event('unavailable');
      const headers = un.retryAfterSeconds !== undefined ? { 'retry-after': String(un.retryAfterSeconds) } : undefined;
      return { reply: istError(503, 'source_unavailable', 'the source system is temporarily unavailable', headers), delivery: {} };
    }
    if (plan.serverErrors && chance(seed, '5xx', n, plan.serverErrors.rate)) {
      const statuses = plan.serverErrors.statuses ?? [500, 502, 504];
      const status = statuses[hash32(seed, labelHash('5xx.status'), n) % statuses.length] ?? 500;
      event('serverError');
      return { reply: istError(status, 'internal_error', `simulated HTTP ${status}`), delivery: {} };
    }

    const delivery: Delivery = {};
    const lat = plan.latency;
    if (lat && (lat.rate === undefined || chance(seed, 'latency', n, lat.rate))) {
      event('latency');
      if (lat.headersMs) delivery.headersDelayMs = lat.headersMs;
      if (lat.bodyStallMs) delivery.bodyStallMs = lat.bodyStallMs;
    }
    if (plan.truncatedJson && chance(seed, 'truncate', n, plan.truncatedJson.rate)) {
      event('truncatedJson');
      delivery.truncate = true;
    } else if (plan.connectionReset && chance(seed, 'reset', n, plan.connectionReset.rate)) {
      event('connectionReset');
      delivery.reset = true;
    }
    const transform = this.recordTransform(plan, seed, req.resource);
    return transform ? { delivery, transform } : { delivery };
  }

  private recordTransform(plan: FaultPlan, seed: number, resource: ResourceName): FaultDecision['transform'] {
    const inv = plan.invalidRecords && (!plan.invalidRecords.resources || plan.invalidRecords.resources.includes(resource)) ? plan.invalidRecords : undefined;
    const codes = plan.unknownCodes;
    if (!inv && !codes) return undefined;
    return (record, index) => {
      let out = record;
      if (codes && chance(seed, `codes.${resource}`, index, codes.rate)) out = withUnknownCodes(resource, out);
      if (inv && chance(seed, `invalid.${resource}`, index, inv.rate)) {
        out = { ...out };
        const attr = REQUIRED_ATTRIBUTE[resource];
        if (resource === 'syllabuses') out[attr] = 'ja';
        else delete out[attr];
        let ids = this.invalid.get(resource);
        if (!ids) this.invalid.set(resource, (ids = new Set()));
        if (typeof out.id === 'string') ids.add(out.id);
      }
      return out;
    };
  }
}

/** Values real servers send that SS 12000 2.1 does not list. */
export const UNKNOWN_CODE_VALUES = { dutyRole: 'Elevassistent', emailType: 'Skola övrigt', groupType: 'Studiegrupp' } as const;

function withUnknownCodes(resource: ResourceName, record: Record<string, unknown>): Record<string, unknown> {
  if (resource === 'duties') return { ...record, dutyRole: UNKNOWN_CODE_VALUES.dutyRole };
  if (resource === 'groups') return { ...record, groupType: UNKNOWN_CODE_VALUES.groupType };
  if (resource === 'persons' && Array.isArray(record.emails) && record.emails.length > 0) {
    const emails = record.emails as Array<Record<string, unknown>>;
    return { ...record, emails: [...emails, { ...emails[0], type: UNKNOWN_CODE_VALUES.emailType }] };
  }
  return record;
}

/** The per-request plan of the `x-simulator-faults` header; undefined when absent. */
export function parseFaultHeader(value: string | string[] | undefined): FaultPlan | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return undefined;
  const parsed = JSON.parse(raw) as unknown;
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${FAULT_HEADER} must be a JSON object`);
  return parsed as FaultPlan;
}
