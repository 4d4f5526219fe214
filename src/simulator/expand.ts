import { RequestError } from './paging.ts';
import type { ResourceDef } from './resources.ts';

/** Accepts expand=a&expand=b, expand[]=a and expand=a,b; returns the sorted distinct values. */
export function parseExpand(query: Record<string, string | string[]>, def: ResourceDef): string[] | undefined {
  const raw = [query['expand'], query['expand[]']].flat().filter((v): v is string => typeof v === 'string');
  if (raw.length === 0) return undefined;
  const values = [...new Set(raw.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean))].sort();
  for (const v of values) {
    if (!def.expands[v]) throw new RequestError(400, 'invalid_request', `unsupported expand value '${v}'`);
  }
  return values;
}
