import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalJson, contentHash } from '../../../src/model/canonical.ts';
import { createHash } from 'node:crypto';

/** The definition canonicalJson replaced (issue 14): JSON.stringify over copies rebuilt with sorted keys. */
function reference(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

/** Deterministic pseudo-random plain data: the shapes our entities hold and the corners JSON has. */
function randomValue(next: () => number, depth: number): unknown {
  const pick = Math.floor(next() * (depth > 3 ? 6 : 9));
  const strings = ['', 'Åsa Öberg', 'a"b\\c', 'rad\nny', '\u0001', '😀', 'e\u2028f', 'Z', 'z', '10', '2'];
  switch (pick) {
    case 0: return null;
    case 1: return next() < 0.5;
    case 2: return [0, -0, 1.5, -3, 1e21, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY][Math.floor(next() * 8)];
    case 3: return strings[Math.floor(next() * strings.length)];
    case 4: return undefined;
    case 5: return strings[Math.floor(next() * strings.length)]!.repeat(3);
    case 6: return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
    default: {
      const keys = ['id', 'b', 'a', 'Z', 'ä', '2', '10', '0', 'studentIds', 'email', '_x', 'B'];
      const o: Record<string, unknown> = {};
      for (let i = Math.floor(next() * 6); i > 0; i--) o[keys[Math.floor(next() * keys.length)]!] = randomValue(next, depth + 1);
      return o;
    }
  }
}

describe('canonical JSON', () => {
  it('when plain data of every JSON corner is written, then the text equals JSON.stringify over sorted copies, byte for byte', () => {
    let seed = 42;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 5000; i++) {
      const value = randomValue(next, 0);
      assert.equal(canonicalJson(value), reference(value), JSON.stringify(value));
    }
  });

  it('when an entity is hashed, then keys in any order give one text and one hash', () => {
    const a = { id: 'p1', roles: ['student'], email: null, classIds: ['k2', 'k1'], duties: [{ dutyId: 'd', schoolId: 's' }], civicNo: undefined };
    const b = { duties: [{ schoolId: 's', dutyId: 'd' }], classIds: ['k2', 'k1'], email: null, roles: ['student'], id: 'p1' };
    assert.equal(canonicalJson(a), '{"classIds":["k2","k1"],"duties":[{"dutyId":"d","schoolId":"s"}],"email":null,"id":"p1","roles":["student"]}');
    assert.equal(canonicalJson(b), canonicalJson(a));
    assert.equal(contentHash(a), createHash('sha256').update(canonicalJson(a)).digest('hex'));
    assert.equal(canonicalJson({ when: new Date(0) }), '{"when":"1970-01-01T00:00:00.000Z"}');
    assert.equal(canonicalJson(undefined), undefined);
  });
});
