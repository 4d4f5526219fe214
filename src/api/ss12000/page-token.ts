import { badRequest, ApiError } from '../errors.ts';

// Opaque page tokens (base64url JSON). A token pins the listing: customer, resource, the publication
// (change-log seq) it started on, the position (segment, source id, item key), expand and filter. Later
// pages read the state of that publication, so a listing stays consistent while new runs publish.

export interface Position {
  /** Segment of the resource (e.g. classes before teaching groups). */
  i: number;
  /** Keyset: the source row id of the last item given. */
  a: string;
  /** The last item's key inside that row ('' when a row is one item). */
  k: string;
}

export interface PageToken extends Position {
  v: 1;
  c: string;
  r: string;
  s: number;
  e: string[];
  /** meta.modified.after of the first request, ISO. */
  m?: string;
}

export function encodePageToken(token: PageToken): string {
  return Buffer.from(JSON.stringify(token), 'utf8').toString('base64url');
}

export function decodePageToken(raw: string, customerId: string, resource: string): PageToken {
  let t: Partial<PageToken> | null;
  try {
    t = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<PageToken> | null;
  } catch {
    throw badRequest('pageToken is not valid');
  }
  if (!t || t.v !== 1 || typeof t.s !== 'number' || typeof t.i !== 'number' || typeof t.a !== 'string' || typeof t.k !== 'string' || !Array.isArray(t.e)) {
    throw badRequest('pageToken is not valid');
  }
  if (t.c !== customerId || t.r !== resource) throw new ApiError(400, 'invalid_request', 'pageToken was issued for another listing');
  return t as PageToken;
}
