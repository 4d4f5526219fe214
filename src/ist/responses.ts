import type { IncomingHttpHeaders } from 'node:http';
import {
  IstAccessNotGrantedError,
  IstCustomerUnknownError,
  IstPageTokenExpiredError,
  IstRequestRejectedError,
  IstUnavailableError,
} from './errors.ts';
import { parseRetryAfter } from './retry.ts';
import { istErrorBody, listEnvelope, wrappedIstErrorBody } from './wire/common.ts';

export interface ListPage {
  records: unknown[];
  nextPageToken: string | null;
}

export interface ResponseContext {
  customerId: string;
  resource: string;
  extensId: string;
  integrationPartnerId: string;
  /** The request resumed a listing with a pageToken. */
  resumed: boolean;
  /** The URL asked, without its query (a 404 names it: a wrong apiBaseUrl shows). */
  url?: string;
}

/** What one HTTP answer means: a page, a 401 (refresh the token), or a transient fault to retry. */
export type Outcome = { page: ListPage } | { unauthorized: true } | { transient: IstUnavailableError };

/**
 * Turn one IST answer into a page, a transient fault, or a thrown error that no retry fixes
 * (403, 404, 400 and other 4xx). 410 — or 400 — on a resumed pageToken means IST no longer
 * knows the token: IstPageTokenExpiredError, and the caller restarts the listing.
 */
export function classifyResponse(ctx: ResponseContext, status: number, headers: IncomingHttpHeaders, text: string): Outcome {
  const where = { customerId: ctx.customerId, resource: ctx.resource };
  if (status === 200) {
    const page = parseEnvelope(text);
    return page ? { page } : { transient: new IstUnavailableError(where, status, 'HTTP 200 with a body that is not an SS 12000 list (bad JSON or no data array)') };
  }
  if (status === 401) return { unauthorized: true };
  const istError = parseIstError(text);
  const said = istError ? ` ${istError.code}: ${istError.message}` : '';
  if (status === 403) throw new IstAccessNotGrantedError({ ...where, extensId: ctx.extensId, integrationPartnerId: ctx.integrationPartnerId }, istError?.code);
  if (status === 404) throw new IstCustomerUnknownError({ ...where, extensId: ctx.extensId, ...(ctx.url ? { url: ctx.url } : {}) }, istError?.code, istError?.message);
  if (ctx.resumed && (status === 410 || status === 400)) throw new IstPageTokenExpiredError(where);
  if (status === 408 || status === 429 || status >= 500) {
    return { transient: new IstUnavailableError(where, status, `HTTP ${status}${said}`, parseRetryAfter(headers['retry-after'])) };
  }
  throw new IstRequestRejectedError(where, istError?.code ?? `http_${status}`, istError?.message ?? 'no SS 12000 error body');
}

/** A failed exchange (no answer, or an answer cut off): always transient. */
export function networkFault(ctx: { customerId: string; resource: string }, err: unknown, status?: number): IstUnavailableError {
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : 'network_error';
  const what = status === undefined ? 'request failed' : `HTTP ${status} body broke off`;
  return new IstUnavailableError(ctx, status, `${what}: ${code} (${String(e.message ?? err)})`);
}

function parseEnvelope(text: string): ListPage | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const envelope = listEnvelope.safeParse(json);
  if (!envelope.success) return undefined;
  return { records: envelope.data.data, nextPageToken: envelope.data.pageToken || null };
}

/** Longest piece of a plain-text error body quoted in a message (error bodies carry no roster data). */
const PLAIN_TEXT_QUOTE = 200;

/**
 * What an error answer says: SS 12000's `{code, message}`, the same wrapped in `{"error": …}`, or a
 * plain-text body (code `text`, its first line quoted). Undefined for an empty body.
 */
export function parseIstError(text: string): { code: string; message: string } | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const line = text.trim().split(/\r?\n/)[0]?.trim() ?? '';
    return line ? { code: 'text', message: line.length > PLAIN_TEXT_QUOTE ? `${line.slice(0, PLAIN_TEXT_QUOTE)}…` : line } : undefined;
  }
  const plain = istErrorBody.safeParse(json);
  if (plain.success) return { code: plain.data.code, message: plain.data.message };
  const wrapped = wrappedIstErrorBody.safeParse(json);
  return wrapped.success ? { code: wrapped.data.error.code, message: wrapped.data.error.message } : undefined;
}
