import { timingSafeEqual, createHash } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';

// Temporal's codec server protocol (https://docs.temporal.io/production-deployment/data-encryption): the Web UI and
// `temporal --codec-endpoint` POST {payloads: [{metadata: {k: base64}, data: base64}]} to /encode or /decode and
// get the same shape back. Only an authorised operator may decode: every call needs the bearer token, and the
// browser may call only from the configured Web UI origin (CORS).

const wirePayload = z.object({ metadata: z.record(z.string(), z.string()).optional(), data: z.string().optional() });
const body = z.object({ payloads: z.array(wirePayload) });
type WirePayload = z.infer<typeof wirePayload>;

export interface CodecServerOptions {
  codec: PayloadCodec;
  /** Bearer token every request must carry; undefined only with allowUnauthenticated (loopback demo). */
  token: string | undefined;
  /** The Web UI origin allowed to call from a browser, e.g. http://localhost:8233. */
  corsOrigin: string;
  /** Logged without payloads: method, path, status, error names. */
  log?: (line: string) => void;
}

const fromWire = (p: WirePayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});
const toWire = (p: Payload): WirePayload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')])),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

const digest = (s: string) => createHash('sha256').update(s).digest();

export function buildCodecServer(options: CodecServerOptions): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 8 * 1024 * 1024 });
  const log = options.log ?? (() => {});
  const expected = options.token === undefined ? undefined : digest(`Bearer ${options.token}`);

  const cors = (request: FastifyRequest, reply: FastifyReply) => {
    if (request.headers.origin === options.corsOrigin) {
      reply.header('access-control-allow-origin', options.corsOrigin);
      reply.header('access-control-allow-credentials', 'true');
      reply.header('vary', 'origin');
    }
  };

  app.addHook('onRequest', async (request, reply) => {
    cors(request, reply);
    if (request.method === 'OPTIONS') {
      reply.header('access-control-allow-methods', 'POST, OPTIONS');
      reply.header('access-control-allow-headers', 'content-type, x-namespace, authorization');
      reply.header('access-control-max-age', '600');
      return reply.code(204).send();
    }
    if (expected) {
      const given = digest(request.headers.authorization ?? '');
      if (!timingSafeEqual(given, expected)) {
        log(`${request.method} ${request.url} 401`);
        return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'CodecServerUnauthorizedError', message: 'a valid bearer token (CODEC_SERVER_TOKEN) is required' });
      }
    }
    return undefined;
  });

  const route = (kind: 'encode' | 'decode') => async (request: FastifyRequest, reply: FastifyReply) => {
    const parsed = body.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: 'CodecRequestInvalidError', message: 'expected {"payloads": [{"metadata": {...}, "data": "base64"}]}' });
    try {
      const payloads = parsed.data.payloads.map(fromWire);
      const out = kind === 'encode' ? await options.codec.encode(payloads) : await options.codec.decode(payloads);
      log(`POST /${kind} 200 ${payloads.length} payload(s) namespace=${String(request.headers['x-namespace'] ?? '-')}`);
      return reply.send({ payloads: out.map(toWire) });
    } catch (err) {
      const name = err instanceof Error ? err.name : 'Error';
      log(`POST /${kind} 422 ${name}`);
      return reply.code(422).send({ error: name, message: err instanceof Error ? err.message : String(err) });
    }
  };
  app.post('/encode', route('encode'));
  app.post('/decode', route('decode'));
  app.get('/healthz', async () => ({ ok: true }));
  return app;
}
