// Opaque page tokens: base64url JSON that pins resource, tenant, offset and expand of the listing.
import type { ResourceName } from './resources.ts';

/** `f`: the filters of the listing (SS 12000 forbids repeating them next to a pageToken). */
export interface PageTokenData { r: ResourceName; c: string; o: number; e: string[]; t: number; f?: Record<string, string[]> }

export class RequestError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

export function encodePageToken(d: PageTokenData): string {
  return Buffer.from(JSON.stringify(d), 'utf8').toString('base64url');
}

export function decodePageToken(token: string, resource: ResourceName, customerId: string): PageTokenData {
  let d: unknown;
  try {
    d = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new RequestError(400, 'invalid_request', 'pageToken is not valid');
  }
  const v = d as Partial<PageTokenData> | null;
  if (!v || typeof v !== 'object' || typeof v.o !== 'number' || !Number.isInteger(v.o) || v.o < 0
    || typeof v.t !== 'number' || !Array.isArray(v.e) || typeof v.r !== 'string' || typeof v.c !== 'string'
    || (v.f !== undefined && (typeof v.f !== 'object' || v.f === null))) {
    throw new RequestError(400, 'invalid_request', 'pageToken is not valid');
  }
  if (v.r !== resource || v.c !== customerId) {
    throw new RequestError(400, 'invalid_request', 'pageToken was issued for another listing');
  }
  return v as PageTokenData;
}

export function parseLimit(raw: string | string[] | undefined, def: number, max: number): number {
  if (raw === undefined) return Math.min(def, max);
  if (Array.isArray(raw) || !/^\d+$/.test(raw)) throw new RequestError(400, 'invalid_request', 'limit must be a positive integer');
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new RequestError(400, 'invalid_request', 'limit must be a positive integer');
  return Math.min(n, max);
}
