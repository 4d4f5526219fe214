// The official SS 12000 v2.1 OpenAPI spec as test oracle: response validators (JSON Schema via Ajv)
// and the query parameters each list endpoint declares. Shared by the simulator and client contract tests.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2019 } from 'ajv/dist/2019.js';
import addFormatsModule from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const specPath = process.env.SS12000_SPEC ?? path.resolve(repoRoot, '../shared/ss12000/openapi_ss12000_version2_1_0.yaml');
const RESOURCES = ['organisations', 'persons', 'duties', 'groups', 'activities', 'syllabuses'] as const;

type Json = Record<string, unknown>;

let cached: Json | undefined;
export function loadSpec(): Json {
  cached ??= parseYaml(readFileSync(specPath, 'utf8')) as Json;
  return cached;
}

/** A query parameter the spec declares for `GET /{resource}`: its name, and whether it is an array. */
export interface SpecParameter {
  name: string;
  array: boolean;
  enum?: unknown[];
  minimum?: number;
}

/** The query parameters of `GET /{resource}` (component references resolved). */
export function queryParameters(resource: string): Map<string, SpecParameter> {
  const spec = loadSpec();
  const get = ((spec.paths as Record<string, Json>)[`/${resource}`]?.get ?? {}) as Json;
  const components = ((spec.components as Json).parameters ?? {}) as Record<string, Json>;
  const out = new Map<string, SpecParameter>();
  for (const raw of (get.parameters ?? []) as Json[]) {
    const p = typeof raw.$ref === 'string' ? (components[raw.$ref.split('/').pop() ?? ''] ?? {}) : raw;
    if (p.in !== 'query') continue;
    const schema = (p.schema ?? {}) as Json;
    const items = (schema.items ?? {}) as Json;
    out.set(p.name as string, {
      name: p.name as string,
      array: schema.type === 'array',
      ...(Array.isArray(items.enum) ? { enum: items.enum as unknown[] } : Array.isArray(schema.enum) ? { enum: schema.enum as unknown[] } : {}),
      ...(typeof schema.minimum === 'number' ? { minimum: schema.minimum } : {}),
    });
  }
  return out;
}

/** OpenAPI 3.0 → JSON Schema (2019-09): nullable, component refs, and no undeclared properties on records. */
export function buildValidators(): Map<string, (body: unknown) => string | undefined> {
  const spec = loadSpec();
  const schemas = (spec.components as Json).schemas as Record<string, unknown>;
  const allOfMembers = new Set<string>();
  const collect = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(collect);
    if (!node || typeof node !== 'object') return;
    const n = node as Json;
    if (Array.isArray(n.allOf)) {
      for (const m of n.allOf as Json[]) if (typeof m.$ref === 'string') allOfMembers.add(m.$ref.split('/').pop() ?? '');
    }
    Object.values(n).forEach(collect);
  };
  collect(schemas);
  const convert = (node: unknown, name?: string): unknown => {
    if (Array.isArray(node)) return node.map((n) => convert(n));
    if (!node || typeof node !== 'object') return node;
    const out: Json = {};
    for (const [k, v] of Object.entries(node as Json)) {
      if (k === 'example' || k === 'nullable' || k === 'discriminator') continue;
      if (k === '$ref' && typeof v === 'string') out.$ref = v.replace('#/components/schemas/', '#/$defs/');
      else if (k === 'properties') out.properties = Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, convert(s)]));
      else out[k] = convert(v);
    }
    const n = node as Json;
    if (n.nullable === true) {
      if (typeof out.type === 'string') out.type = [out.type, 'null'];
      if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
    }
    // A typo'd attribute name must fail: forbid undeclared properties except where a schema is
    // only a building block of an allOf (its sibling parts declare the rest).
    if (name !== undefined && !allOfMembers.has(name) && (n.properties || n.allOf) && n.additionalProperties === undefined) {
      out.unevaluatedProperties = false;
    }
    return out;
  };
  const defs = Object.fromEntries(Object.entries(schemas).map(([k, v]) => [k, convert(v, k)]));
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  (addFormatsModule as unknown as (a: Ajv2019) => void)(ajv);
  ajv.addSchema({ $id: 'ss12000', $defs: defs });
  const out = new Map<string, (body: unknown) => string | undefined>();
  const paths = spec.paths as Record<string, Json>;
  for (const r of RESOURCES) {
    const ok = (((paths[`/${r}`]?.get as Json).responses as Json)['200'] as Json);
    const ref = (((ok.content as Json)['application/json'] as Json).schema as Json).$ref as string;
    const validate = ajv.getSchema(`ss12000#/$defs/${ref.split('/').pop() ?? ''}`);
    assert.ok(validate, `schema for ${r}`);
    out.set(r, (body) => (validate(body) ? undefined : ajv.errorsText(validate.errors, { dataVar: r })));
  }
  const err = ajv.getSchema('ss12000#/$defs/Error');
  assert.ok(err);
  out.set('Error', (body) => (err(body) ? undefined : ajv.errorsText(err.errors)));
  return out;
}
