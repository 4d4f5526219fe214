import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted, so equal content always hashes equal. Written out directly rather than
 * through JSON.stringify with a replacer that copies every object sorted (a third of the mapping's time
 * for the largest tenant); the text is the same as that of JSON.stringify over sorted copies, byte for
 * byte (test/unit/model/canonical.test.ts), for the plain data our model holds.
 */
export function canonicalJson(value: unknown): string {
  return write(value) as string; // undefined for undefined, as JSON.stringify
}

/** One value as JSON; undefined where JSON.stringify leaves a value out (undefined, functions, symbols). */
function write(v: unknown): string | undefined {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
    case 'boolean':
      return JSON.stringify(v);
    case 'bigint':
      return JSON.stringify(v); // throws as JSON.stringify does
    case 'object': {
      if (v === null) return 'null';
      if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return write((v as { toJSON(): unknown }).toJSON());
      if (Array.isArray(v)) {
        let out = '[';
        for (let i = 0; i < v.length; i++) out += (i === 0 ? '' : ',') + (write(v[i]) ?? 'null');
        return out + ']';
      }
      const keys = sortedKeys(v);
      let out = '{';
      let first = true;
      for (const key of keys) {
        const text = write((v as Record<string, unknown>)[key]);
        if (text === undefined) continue;
        out += (first ? '' : ',') + JSON.stringify(key) + ':' + text;
        first = false;
      }
      return out + '}';
    }
    default:
      return undefined;
  }
}

export function contentHash(value: unknown): string {
  return canonicalTextHash(canonicalJson(value));
}

/** contentHash of a value whose canonical text is already written (the store keeps both). */
export function canonicalTextHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const ARRAY_INDEX = /^(?:0|[1-9]\d{0,9})$/;

/**
 * Keys sorted by code unit, in the order an object built from them would list them: JavaScript puts
 * array-index keys ("0", "7", "12") first in numeric order whatever the insertion order, and the text
 * has always followed that (it came from objects rebuilt in sorted order).
 */
function sortedKeys(v: object): string[] {
  const keys = Object.keys(v).sort(byCodeUnit);
  const isIndex = (k: string) => ARRAY_INDEX.test(k) && Number(k) < 4294967295;
  if (!keys.some(isIndex)) return keys;
  return [...keys.filter(isIndex).sort((a, b) => Number(a) - Number(b)), ...keys.filter((k) => !isIndex(k))];
}
