// HTTP front: routing, auth, query validation, paging. Resource rendering lives in resources.ts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TokenStore } from './auth.ts';
import { parseExpand } from './expand.ts';
import { FAULT_HEADER, parseFaultHeader, type Delivery, type Faults } from './faults.ts';
import { applyFilters, isListFilter, parseFilters, type FilterLookup, type FilterValues } from './filters.ts';
import { ISI_PATH, type IsiEndpoint } from './isi/endpoint.ts';
import { decodePageToken, encodePageToken, parseLimit, RequestError } from './paging.ts';
import { isResourceName, RESOURCES, type ResourceName } from './resources.ts';
import { mutatedList, type Mutation } from './mutations.ts';
import type { Tenant } from './tenant-plan.ts';
import type { RequestLogEntry, SimulatorOptions } from './types.ts';

export const TOKEN_PATH = '/connect/token';
export const API_PREFIX = '/ss12000v2-api';
const ROUTE = /^\/ss12000v2-api\/source\/([^/]+)\/v2\.0\/([^/]+)\/?$/;
const NON_FILTER_PARAMS = new Set(['limit', 'pageToken', 'expand', 'expand[]', 'expandReferenceNames']);

export interface FaultContext {
  method: string; path: string; query: Record<string, string | string[]>;
  customerId: string; resource: ResourceName; offset: number; limit: number; pageTokenIssuedAt?: number;
}

/** A fault decision (e.g. 410 for an expired pageToken, 429, 503); undefined lets the request through. */
export interface FaultResponse { status: number; body: unknown; headers?: Record<string, string> }
export type FaultHook = (ctx: FaultContext) => FaultResponse | undefined;

export interface ServerInternals {
  faultHook?: FaultHook;
  faults?: Faults;
  /** Test-only data changes per customer (mutations.ts), read on every request. */
  mutations?: ReadonlyMap<string, readonly Mutation[]>;
  /** The ISI partner endpoint (SOAP), when the simulator serves it. */
  isi?: IsiEndpoint;
}

interface Reply { status: number; body: string; headers?: Record<string, string>; log?: Partial<RequestLogEntry>; delivery?: Delivery }

function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return headers ? { status, body: JSON.stringify(body), headers } : { status, body: JSON.stringify(body) };
}

function apiError(status: number, code: string, message: string): Reply {
  return json(status, { code, message });
}

function queryRecord(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of params) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

async function readBody(req: IncomingMessage, max = 64 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) throw new RequestError(413, 'payload_too_large', 'request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The tenant's other lists as filters read them (organisation tree, group members, a person's relations). */
function filterLookup(tenant: Tenant, mutations: readonly Mutation[]): FilterLookup {
  const all = (resource: ResourceName, expand: ReadonlySet<string> = new Set()) => {
    const list = mutatedList(mutations, resource, RESOURCES[resource].count(tenant), (i) => RESOURCES[resource].render(tenant, i, expand));
    const out: Record<string, unknown>[] = [];
    for (let i = 0; i < list.count; i++) {
      const rec = list.render(i);
      if (rec) out.push(rec);
    }
    return out;
  };
  let organisations: Record<string, unknown>[] | undefined;
  let groups: Record<string, unknown>[] | undefined;
  let persons: Map<unknown, Record<string, unknown>> | undefined;
  return {
    organisations: () => (organisations ??= all('organisations')),
    groups: () => (groups ??= all('groups')),
    personExpanded: (id) => (persons ??= new Map(all('persons', new Set(['duties', 'groupMemberships'])).map((p) => [p.id, p]))).get(id),
  };
}

export function createSimulatorServer(
  options: Required<Omit<SimulatorOptions, 'host' | 'port' | 'tenants' | 'faults' | 'isi'>>,
  tenants: ReadonlyMap<string, Tenant>,
  tokens: TokenStore,
  requestLog: RequestLogEntry[],
  internals: ServerInternals = {},
): Server {
  async function handleToken(req: IncomingMessage): Promise<Reply> {
    if (req.method !== 'POST') return json(405, { error: 'invalid_request', error_description: 'use POST' });
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    const body = await readBody(req);
    if (type !== 'application/x-www-form-urlencoded') {
      return json(400, { error: 'invalid_request', error_description: 'expected application/x-www-form-urlencoded' });
    }
    const result = tokens.issue(new URLSearchParams(body), req.headers.authorization);
    return json(result.status, result.body, { 'cache-control': 'no-store', pragma: 'no-cache' });
  }

  function handleApi(req: IncomingMessage, path: string, query: Record<string, string | string[]>): Reply {
    const allowed = tokens.validate(req.headers.authorization);
    if (!allowed) return { ...apiError(401, 'unauthorized', 'missing, invalid or expired bearer token'), headers: { 'www-authenticate': 'Bearer' } };
    const m = ROUTE.exec(path);
    if (!m) return apiError(404, 'not_found', `no such path: ${path}`);
    const customerId = decodeURIComponent(m[1] ?? '');
    const resource = m[2] ?? '';
    const tenant = tenants.get(customerId);
    if (!tenant) return apiError(404, 'not_found', `unknown customer '${customerId}'`);
    if (!allowed.has(customerId)) return { ...apiError(403, 'forbidden', `token is not valid for customer '${customerId}'`), log: { customerId } };
    if (!isResourceName(resource)) return { ...apiError(404, 'not_found', `unknown resource '${resource}'`), log: { customerId } };
    const log: Partial<RequestLogEntry> = { customerId, resource };
    if (req.method !== 'GET') return { ...apiError(405, 'method_not_allowed', 'only GET is supported'), log };
    const def = RESOURCES[resource];

    const pageTokenRaw = query['pageToken'];
    if (Array.isArray(pageTokenRaw)) throw new RequestError(400, 'invalid_request', 'pageToken given more than once');
    for (const key of Object.keys(query)) {
      if (NON_FILTER_PARAMS.has(key)) continue;
      if (pageTokenRaw !== undefined) throw new RequestError(400, 'invalid_request', `pageToken cannot be combined with '${key}'`);
      // A parameter the spec does not define for this list: filtering silently would return the wrong data.
      if (!isListFilter(resource, key)) throw new RequestError(400, 'invalid_request', `unknown query parameter '${key}'`);
    }
    let filters: FilterValues = parseFilters(resource, query);
    const limit = parseLimit(query['limit'], options.defaultPageSize, options.maxPageSize);
    let expand = parseExpand(query, def);
    let offset = 0;
    let issuedAt: number | undefined;
    if (pageTokenRaw !== undefined) {
      const tok = decodePageToken(pageTokenRaw, resource, customerId);
      if (expand !== undefined && expand.join(',') !== tok.e.join(',')) {
        throw new RequestError(400, 'invalid_request', 'expand differs from the listing the pageToken belongs to');
      }
      expand = tok.e;
      offset = tok.o;
      filters = tok.f ?? {};
      issuedAt = tok.t;
    }
    log.offset = offset;

    const fault = internals.faultHook?.({ method: req.method, path, query, customerId, resource, offset, limit, ...(issuedAt !== undefined ? { pageTokenIssuedAt: issuedAt } : {}) });
    if (fault) return { ...json(fault.status, fault.body, fault.headers), log };
    let headerPlan;
    try {
      headerPlan = parseFaultHeader(req.headers[FAULT_HEADER]);
    } catch (err) {
      throw new RequestError(400, 'invalid_request', `${FAULT_HEADER}: ${(err as Error).message}`);
    }
    const planned = internals.faults?.decide({ customerId, resource, offset, ...(issuedAt !== undefined ? { pageTokenIssuedAt: issuedAt } : {}), ...(headerPlan ? { headerPlan } : {}) });
    if (planned?.reply) return { ...json(planned.reply.status, planned.reply.body, planned.reply.headers), log };
    const transform = planned?.transform;

    const expandSet = new Set(expand ?? []);
    const mutations = internals.mutations?.get(customerId) ?? [];
    const list = mutatedList(mutations, resource, def.count(tenant), (i) => def.render(tenant, i, expandSet));
    const filtered = Object.keys(filters).length > 0;
    // Unfiltered: rendered page by page (an xl tenant never sits in memory). Filtered: the list is
    // rendered once and the filters' selection paged; the token's offset counts selected records.
    let selected: Record<string, unknown>[] | undefined;
    if (filtered) {
      const entries: { rec: Record<string, unknown> }[] = [];
      for (let i = 0; i < list.count; i++) {
        const rec = list.render(i);
        if (rec) entries.push({ rec: transform ? transform(rec, i) : rec });
      }
      selected = applyFilters(resource, entries, filters, filterLookup(tenant, mutations)).map((e) => e.rec);
    }
    const total = selected ? selected.length : list.count;
    const end = Math.min(total, offset + limit);
    const parts: string[] = [];
    for (let i = offset; i < end; i++) {
      const rec = selected ? selected[i] : list.render(i);
      if (rec) parts.push(JSON.stringify(transform && !selected ? transform(rec, i) : rec));
    }
    let body = `{"data":[${parts.join(',')}]`;
    if (end < total) {
      body += `,"pageToken":${JSON.stringify(encodePageToken({ r: resource, c: customerId, o: end, e: expand ?? [], t: Date.now(), ...(filtered ? { f: filters } : {}) }))}`;
    }
    body += '}';
    log.count = parts.length;
    return planned ? { status: 200, body, log, delivery: planned.delivery } : { status: 200, body, log };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    if (url.pathname === ISI_PATH && internals.isi) return internals.isi.handle(req, res);
    const query = queryRecord(url.searchParams);
    let reply: Reply;
    try {
      if (url.pathname === TOKEN_PATH) reply = await handleToken(req);
      else if (url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`)) reply = handleApi(req, url.pathname, query);
      else reply = apiError(404, 'not_found', `no such path: ${url.pathname}`);
    } catch (err) {
      reply = err instanceof RequestError
        ? apiError(err.status, err.code, err.message)
        : apiError(500, 'internal_error', err instanceof Error ? err.message : String(err));
    }
    let buf = Buffer.from(reply.body, 'utf8');
    const delivery = reply.delivery ?? {};
    if (delivery.truncate) buf = buf.subarray(0, Math.floor(buf.length / 2));
    requestLog.push({ at: Date.now(), method: req.method ?? '', path: url.pathname, query, status: reply.status, ...reply.log });
    if (delivery.headersDelayMs) await sleep(delivery.headersDelayMs);
    res.writeHead(reply.status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(buf.length),
      ...reply.headers,
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    if (delivery.reset || delivery.bodyStallMs) {
      const half = Math.floor(buf.length / 2);
      res.write(buf.subarray(0, half));
      if (delivery.reset) {
        // Let the first half leave, then cut the connection as a reset would.
        await sleep(20);
        res.destroy();
        return;
      }
      await sleep(delivery.bodyStallMs ?? 0);
      if (res.destroyed) return;
      res.end(buf.subarray(half));
      return;
    }
    res.end(buf);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ code: 'internal_error', message: String(err) }));
    });
  });
  // Longer than typical client idle timeouts so pooled keep-alive sockets are not cut mid-reuse.
  server.keepAliveTimeout = 65_000;
  return server;
}
