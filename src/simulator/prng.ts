// Stateless hashing: every field of every record is a pure function of (seed, kind, index, field),
// so any page can be generated without materialising the tenant.

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const labelCache = new Map<string, number>();

/** FNV-1a of a label, cached because labels are a small fixed vocabulary. */
export function labelHash(label: string): number {
  let v = labelCache.get(label);
  if (v === undefined) {
    let h = 0x811c9dc5;
    for (let i = 0; i < label.length; i++) {
      h ^= label.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    v = fmix32(h >>> 0);
    labelCache.set(label, v);
  }
  return v;
}

export function hash32(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (let i = 0; i < parts.length; i++) {
    h = fmix32((h ^ fmix32(((parts[i] ?? 0) + Math.imul(i + 1, 0x7f4a7c15)) | 0)) + 0x165667b1);
  }
  return h;
}

/** Deterministic integer in [0, n) for (seed, label, index). */
export function rint(seed: number, label: string, index: number, n: number): number {
  if (n <= 1) return 0;
  return hash32(seed, labelHash(label), index) % n;
}

export function pick<T>(seed: number, label: string, index: number, items: readonly T[]): T {
  const v = items[rint(seed, label, index, items.length)];
  if (v === undefined) throw new Error(`pick from empty list (${label})`);
  return v;
}

function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}

/**
 * v4-shaped UUID. The last 32 bits are a bijection of the index (fmix32 is invertible),
 * which guarantees uniqueness within a kind; the first 96 bits separate kinds and seeds.
 */
export function uuidFor(seed: number, kind: string, index: number): string {
  const k = labelHash(kind);
  const w0 = hash32(seed, k, index, 1);
  const w1 = hash32(seed, k, index, 2);
  const w2 = hash32(seed, k, index, 3);
  const w3 = fmix32((index + hash32(seed, k)) >>> 0);
  const h = hex8(w0) + hex8(w1) + hex8(w2) + hex8(w3);
  const variant = ((parseInt(h[16] ?? '0', 16) & 3) | 8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
