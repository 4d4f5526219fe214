import type { FastifyInstance, FastifyRequest } from 'fastify';
import { removalsSince } from '../../store/deletions.ts';
import type { ApiContext } from '../context.ts';
import { ApiError, badRequest, notFound } from '../errors.ts';
import { collectRemovals, DELETED_KEYS, type DeletedType } from './deleted-entities.ts';
import { listPage } from './listing.ts';
import { decodePageToken, encodePageToken, type PageToken } from './page-token.ts';
import { SS12000_RESOURCES, type RenderContext } from './resources.ts';
import { deletedEntitiesSchema, errorSchema, listSchema, RECORD_SCHEMAS } from './schemas.ts';

// The SS 12000 v2.1 read side, per customer: <base>/ss12000/source/<customer id>/v2.0/<resource>, the
// path shape IST uses, so an SS 12000 client (ours included) reads it with apiBaseUrl <base>/ss12000.

export const SS12000_PREFIX = '/ss12000/source/:customerId/v2.0';
const DEFAULT_LIMIT = 500;
const MAX_LIMIT = 1000;
const MAX_LOOKUP = 1000;
const LIST_PARAMS = new Set(['limit', 'pageToken', 'expand', 'expand[]', 'expandReferenceNames', 'meta.modified.after']);

type Query = Record<string, string | string[] | undefined>;
type Params = { customerId: string; id?: string };

function single(query: Query, name: string): string | undefined {
  const v = query[name];
  if (Array.isArray(v)) throw badRequest(`${name} given more than once`);
  return v;
}

function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_LIMIT;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw badRequest('limit must be a positive integer');
  return Math.min(Number(raw), MAX_LIMIT);
}

function parseExpand(query: Query, allowed: readonly string[]): string[] {
  const raw = [query.expand, query['expand[]']].flat().filter((v): v is string => typeof v === 'string');
  const values = [...new Set(raw.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean))].sort();
  for (const v of values) if (!allowed.includes(v)) throw badRequest(`expand value '${v}' is not defined for this resource`);
  return values;
}

function parseTime(raw: string | undefined, name: string): Date | undefined {
  if (raw === undefined) return undefined;
  const t = new Date(raw);
  if (Number.isNaN(t.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(raw)) throw badRequest(`${name} must be an RFC 3339 date-time`);
  return t;
}

export function registerSs12000Routes(app: FastifyInstance, api: ApiContext): void {
  const hide = { hide: true };

  /** Run `fn` on the customer's state (pinned to `seq`, default current) with the partner's rendering context. */
  async function withState<T>(req: FastifyRequest, seq: number | undefined, expand: string[], fn: (ctx: RenderContext) => Promise<T>): Promise<T> {
    const { customerId } = req.params as Params;
    const customer = api.customer(customerId);
    const result = await api.state.read(customerId, seq, (view) => fn({ view, customerName: customer.name, civicNo: api.civicNoPolicy(req, customer), expand: new Set(expand) }));
    if (result === undefined) throw new ApiError(404, 'not_published', `customer ${customerId} has no published data yet`);
    return result;
  }

  for (const [resource, def] of Object.entries(SS12000_RESOURCES)) {
    app.get(`${SS12000_PREFIX}/${resource}`, { schema: { ...hide, response: { 200: listSchema(resource), '4xx': errorSchema } } }, async (req) => {
      const { customerId } = req.params as Params;
      const query = req.query as Query;
      const rawToken = single(query, 'pageToken');
      const limit = parseLimit(single(query, 'limit'));
      let token: PageToken | undefined;
      let expand = parseExpand(query, def.expands);
      let modifiedAfter = parseTime(single(query, 'meta.modified.after'), 'meta.modified.after');
      for (const key of Object.keys(query)) {
        if (!LIST_PARAMS.has(key)) throw badRequest(`query parameter '${key}' is not supported by this server`);
      }
      if (rawToken !== undefined) {
        if (modifiedAfter) throw badRequest("pageToken cannot be combined with 'meta.modified.after'");
        token = decodePageToken(rawToken, customerId, resource);
        if (expand.length && expand.join(',') !== token.e.join(',')) throw badRequest('expand differs from the listing the pageToken belongs to');
        expand = token.e;
        modifiedAfter = token.m ? new Date(token.m) : undefined;
      }
      const page = await withState(req, token?.s, expand, async (ctx) => ({ seq: ctx.view.seq, ...(await listPage(def, ctx, limit, token, modifiedAfter)) }));
      req.records = page.records.length;
      const next = page.next && encodePageToken({ v: 1, c: customerId, r: resource, s: page.seq, ...page.next, e: expand, ...(modifiedAfter ? { m: modifiedAfter.toISOString() } : {}) });
      return next ? { data: page.records, pageToken: next } : { data: page.records };
    });

    app.post(`${SS12000_PREFIX}/${resource}/lookup`, { schema: { ...hide, response: { 200: { type: 'array', items: RECORD_SCHEMAS[resource] }, '4xx': errorSchema } } }, async (req) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const list = (name: string): string[] => {
        const v = body[name];
        if (v === undefined) return [];
        if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw badRequest(`${name} must be an array of strings`);
        return v as string[];
      };
      const ids = list('ids');
      const civicNos = resource === 'persons' ? list('civicNos') : [];
      if (ids.length + civicNos.length > MAX_LOOKUP) throw new ApiError(400, 'too_many_ids', `at most ${MAX_LOOKUP} ids per lookup`);
      const expand = parseExpand(req.query as Query, def.expands);
      const records = await withState(req, undefined, expand, async (ctx) => {
        const found = ids.length ? await def.byIds(ids, ctx) : [];
        if (civicNos.length) {
          // Finding a person by personnummer reveals the number belongs to them: only for partners who may see it.
          if (!ctx.civicNo.allowed) throw new ApiError(403, 'civic_no_not_permitted', 'this partner does not receive personnummer for this customer; look up by id');
          const rows = await ctx.view.rows({ entityType: 'person', fieldIn: { field: 'civicNo', values: civicNos.flatMap((c) => ctx.civicNo.stored(c)) } });
          const seen = new Set(found.map((r) => r.id));
          found.push(...(await def.byIds(rows.map((r) => r.id).filter((id) => !seen.has(id)), ctx)));
        }
        return found;
      });
      req.records = records.length;
      return records;
    });

    app.get(`${SS12000_PREFIX}/${resource}/:id`, { schema: { ...hide, response: { 200: RECORD_SCHEMAS[resource], '4xx': errorSchema } } }, async (req) => {
      const { id } = req.params as Params;
      const expand = parseExpand(req.query as Query, def.expands);
      const [record] = await withState(req, undefined, expand, (ctx) => def.byIds([id!], ctx));
      if (!record) throw notFound(`no ${resource} record with id ${id}`);
      req.records = 1;
      return record;
    });
  }

  app.get(`${SS12000_PREFIX}/deletedEntities`, { schema: { ...hide, response: { 200: deletedEntitiesSchema, '4xx': errorSchema } } }, async (req) => {
    const { customerId } = req.params as Params;
    api.customer(customerId);
    const query = req.query as Query;
    const limit = parseLimit(single(query, 'limit'));
    const rawToken = single(query, 'pageToken');
    let after: Date;
    let afterSeq = 0;
    let types: DeletedType[];
    if (rawToken !== undefined) {
      const token = decodePageToken(rawToken, customerId, 'deletedEntities');
      after = new Date(token.m ?? 0);
      afterSeq = Number(token.a);
      if (!Number.isSafeInteger(afterSeq)) throw badRequest('pageToken is not valid');
      types = token.e as DeletedType[];
    } else {
      after = parseTime(single(query, 'after'), 'after') ?? new Date(0);
      const raw = [query.entities, query['entities[]']].flat().filter((v): v is string => typeof v === 'string').flatMap((v) => v.split(','));
      types = raw.length ? [...new Set(raw)].sort() as DeletedType[] : (Object.keys(DELETED_KEYS) as DeletedType[]);
    }
    const rows = await removalsSince(api.store.db, customerId, after, afterSeq, limit + 1);
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    const found = Object.fromEntries(Object.keys(DELETED_KEYS).map((k) => [k, new Set<string>()])) as Record<DeletedType, Set<string>>;
    collectRemovals(page, found);
    const data: Record<string, string[]> = {};
    for (const type of types) if (type in DELETED_KEYS) data[DELETED_KEYS[type]] = [...found[type]].sort();
    req.records = Object.values(data).reduce((n, ids) => n + ids.length, 0);
    const next = more ? encodePageToken({ v: 1, c: customerId, r: 'deletedEntities', s: 0, i: 0, a: String(page.at(-1)!.seq), k: '', e: types, m: after.toISOString() }) : undefined;
    return next ? { data, pageToken: next } : { data };
  });
}
