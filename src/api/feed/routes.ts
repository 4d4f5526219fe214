import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { canonicalJson } from '../../model/canonical.ts';
import { MODEL_VERSION, type Person } from '../../model/entities.ts';
import type { CivicNoPolicy } from '../civic-no-policy.ts';
import type { ApiContext } from '../context.ts';
import { ApiError, badRequest } from '../errors.ts';

// Our own model as a feed: the change log after a seq, and the full current state per entity type as
// NDJSON (the lines export-run writes), with an ETag per publication. Personnummer follow the same rule
// as everywhere: in clear only for an allowed partner of a forwarding customer, never for protected persons.

const ENTITY_TYPES = ['school', 'person', 'class', 'teachingGroup'] as const;
const PAGE = 1000;
const MAX_LIMIT = 5000;

const anyObject = { type: 'object', additionalProperties: true } as const;
const errorBody = { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } } as const;
const changesSchema = {
  type: 'object',
  properties: {
    customerId: { type: 'string' },
    modelVersion: { type: 'integer', description: 'version of the model the contents follow (schema/model-v<N>.schema.json)' },
    lastSeq: { type: 'integer', description: 'the last seq of the current publication' },
    next: { type: 'integer', description: 'the `after` for the next call (the last seq in this answer, or `after` when none)' },
    changes: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          seq: { type: 'integer' },
          entityType: { type: 'string', enum: [...ENTITY_TYPES] },
          entityId: { type: 'string' },
          kind: { type: 'string', enum: ['created', 'updated', 'deleted'] },
          content: { ...anyObject, nullable: true, description: 'the entity after the change; null for deletions' },
          fields: { ...anyObject, nullable: true, description: 'updates: {field: {before, after}}' },
        },
        required: ['seq', 'entityType', 'entityId', 'kind'],
      },
    },
  },
  required: ['customerId', 'modelVersion', 'lastSeq', 'next', 'changes'],
} as const;

/** A person's content as this partner may see it: personnummer decrypted or removed. */
function personForPartner(content: Person, policy: CivicNoPolicy): Person {
  const { civicNo: _stored, ...rest } = content;
  const civicNo = policy.reveal(content);
  return civicNo !== undefined ? { ...rest, civicNo } : rest;
}

function fieldsForPartner(fields: Record<string, { before: unknown; after: unknown }> | null, person: Person | null, policy: CivicNoPolicy) {
  if (!fields?.civicNo) return fields;
  const { civicNo, ...rest } = fields;
  if (!policy.allowed || person?.protectedIdentity) return rest;
  const reveal = (v: unknown) => (typeof v === 'string' ? (policy.reveal({ civicNo: v, protectedIdentity: false }) ?? null) : null);
  return { ...rest, civicNo: { before: reveal(civicNo.before), after: reveal(civicNo.after) } };
}

function intParam(raw: unknown, name: string, fallback: number): number {
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || !/^\d+$/.test(raw)) throw badRequest(`${name} must be a non-negative integer`);
  return Number(raw);
}

export function registerFeedRoutes(app: FastifyInstance, api: ApiContext): void {
  const policyOf = (req: FastifyRequest) => api.civicNoPolicy(req, api.customer((req.params as { customerId: string }).customerId));

  app.get(
    '/feeds/:customerId/changes',
    {
      schema: {
        summary: 'Published changes after a sequence number, oldest first',
        params: { type: 'object', properties: { customerId: { type: 'string' } }, required: ['customerId'] },
        querystring: { type: 'object', properties: { after: { type: 'string', pattern: '^\\d+$', description: 'last seq applied; 0 = from the start' }, limit: { type: 'string', pattern: '^\\d+$', description: `at most this many (max ${MAX_LIMIT}, default ${PAGE})` } } },
        response: { 200: changesSchema, '4xx': errorBody },
      },
    },
    async (req) => {
      const { customerId } = req.params as { customerId: string };
      const query = req.query as { after?: string; limit?: string };
      const after = intParam(query.after, 'after', 0);
      const limit = Math.min(Math.max(intParam(query.limit, 'limit', PAGE), 1), MAX_LIMIT);
      const policy = policyOf(req);
      const publication = await api.store.publications.current(customerId);
      if (!publication) throw new ApiError(404, 'not_published', `customer ${customerId} has no published data yet`);
      const changes = (await api.store.publications.changesSince(customerId, after, limit)).map((c) => {
        const person = c.entityType === 'person' ? (c.content as Person | null) : null;
        return {
          seq: c.seq,
          entityType: c.entityType,
          entityId: c.entityId,
          kind: c.kind,
          content: person ? personForPartner(person, policy) : c.content,
          fields: c.entityType === 'person' ? fieldsForPartner(c.fields, person, policy) : c.fields,
        };
      });
      req.records = changes.length;
      return { customerId, modelVersion: MODEL_VERSION, lastSeq: publication.lastSeq, next: changes.at(-1)?.seq ?? after, changes };
    },
  );

  app.get(
    '/feeds/:customerId/state/:entityType',
    {
      schema: {
        summary: 'The current published state of one entity type as NDJSON (one entity per line, id order: the lines export-run writes)',
        params: { type: 'object', properties: { customerId: { type: 'string' }, entityType: { type: 'string', enum: [...ENTITY_TYPES] } }, required: ['customerId', 'entityType'] },
        headers: { type: 'object', properties: { 'if-none-match': { type: 'string' } } },
        response: { 200: { description: 'application/x-ndjson; ETag names the publication', type: 'string' }, 304: { description: 'unchanged since the ETag sent', type: 'null' }, '4xx': errorBody },
      },
    },
    async (req, reply) => {
      const { customerId, entityType } = req.params as { customerId: string; entityType: (typeof ENTITY_TYPES)[number] };
      const policy = policyOf(req);
      const publication = await api.store.publications.current(customerId);
      if (!publication) throw new ApiError(404, 'not_published', `customer ${customerId} has no published data yet`);
      const etag = `"${customerId}-${publication.lastSeq}-${entityType}-v${MODEL_VERSION}-${policy.allowed ? 'civicno' : 'plain'}"`;
      void reply.header('etag', etag).header('x-model-version', String(MODEL_VERSION)).header('x-publication-seq', String(publication.lastSeq));
      const match = req.headers['if-none-match'];
      if (match && match.split(',').map((t) => t.trim()).includes(etag)) return reply.code(304).send();
      const seq = publication.lastSeq;
      // Pages pinned to the publication's seq: a publish landing mid-stream does not mix two states.
      async function* lines() {
        let after = '';
        for (;;) {
          const rows = (await api.state.read(customerId, seq, (view) => view.rows<Record<string, unknown>>({ entityType, after, limit: PAGE }))) ?? [];
          if (rows.length === 0) return;
          req.records += rows.length;
          yield rows.map((r) => canonicalJson(entityType === 'person' ? personForPartner(r.content as unknown as Person, policy) : r.content)).join('\n') + '\n';
          after = rows[rows.length - 1]!.id;
        }
      }
      return reply.type('application/x-ndjson; charset=utf-8').send(Readable.from(lines()));
    },
  );
}
