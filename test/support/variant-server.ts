// A tiny SS 12000 server that is not ours and not IST: shaped like what was met in the field
// (Skolverket's reference server, an independent IST-like server). It serves given records with the
// quirks a client must accept: plain-text 404s for lists it does not serve and for unknown customers,
// standard base64 page tokens with '=', '+' and '/', the last page without a `pageToken` key after a
// final empty `{"data":[]}` page, records in reverse order, and errors wrapped as {"error":{code,message}}.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface VariantServerOptions {
  /** List name → records, served as given (reversed). */
  lists: Record<string, readonly unknown[]>;
  /** Lists answered with 404 and a plain-text body, as a server without them does. */
  notServed?: readonly string[];
  /** Customer ids the server knows; default every id. */
  knows?: (customerId: string) => boolean;
}

export interface VariantServer {
  apiBaseUrl: string;
  tokenUrl: string;
  /** Every request: method, path and query, and the status answered. */
  requests: { path: string; query: string; status: number }[];
  close(): Promise<void>;
}

const ROUTE = /^\/api\/source\/([^/]+)\/v2\.0\/([^/]+)$/;

/** Standard base64 (not base64url): starts with '+/' (bytes fb ff) and ends in '==' padding. */
const tokenFor = (offset: number): string => {
  let text = `offset:${offset}`;
  while ((2 + text.length) % 3 !== 1) text += ' ';
  return Buffer.concat([Buffer.from([0xfb, 0xff]), Buffer.from(text)]).toString('base64');
};
const offsetOf = (token: string): number | undefined => {
  const m = /^offset:(\d+) *$/.exec(Buffer.from(token, 'base64').subarray(2).toString('utf8'));
  return m ? Number(m[1]) : undefined;
};

export async function startVariantServer(options: VariantServerOptions): Promise<VariantServer> {
  const requests: VariantServer['requests'] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://variant.invalid');
    const reply = (status: number, body: string, type = 'application/json') => {
      requests.push({ path: url.pathname, query: url.search, status });
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    if (url.pathname === '/token') {
      req.resume();
      req.on('end', () => reply(200, JSON.stringify({ access_token: 'variant-token', token_type: 'Bearer', expires_in: 3600 })));
      return;
    }
    const m = ROUTE.exec(url.pathname);
    const list = m?.[2] ?? '';
    if (!m || !(options.knows?.(decodeURIComponent(m[1] ?? '')) ?? true) || !(list in options.lists) || options.notServed?.includes(list)) {
      reply(404, `Cannot GET ${url.pathname}`, 'text/plain; charset=utf-8');
      return;
    }
    for (const key of url.searchParams.keys()) {
      if (key !== 'limit' && key !== 'pageToken') {
        reply(400, JSON.stringify({ error: { code: 'invalid_parameter', message: `parameter ${key} is not supported` } }));
        return;
      }
    }
    const records = [...(options.lists[list] ?? [])].reverse();
    const limit = Number(url.searchParams.get('limit') ?? 100);
    const token = url.searchParams.get('pageToken');
    const offset = token === null ? 0 : offsetOf(token);
    if (offset === undefined) {
      reply(400, JSON.stringify({ error: { code: 'invalid_page_token', message: 'pageToken is not valid' } }));
      return;
    }
    const page = records.slice(offset, offset + limit);
    // A page with records always points on; the page after the last record is empty and has no pageToken key.
    reply(200, JSON.stringify(page.length > 0 ? { data: page, pageToken: tokenFor(offset + page.length) } : { data: [] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiBaseUrl: `http://127.0.0.1:${port}/api`,
    tokenUrl: `http://127.0.0.1:${port}/token`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
