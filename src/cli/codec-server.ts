import type { Command } from 'commander';
import { buildCodecServer } from '../codec/server.ts';
import { readSecret } from '../config/secrets.ts';
import { AesGcmPayloadCodec, codecKeysFromEnv, CODEC_KEYS_VARIABLE } from '../temporal/payload-codec.ts';
import type { Act } from './program.ts';

/** Thrown when the codec server is asked to start without the settings it needs to be safe. */
export class CodecServerConfigError extends Error {
  override readonly name = 'CodecServerConfigError';
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export function registerCodecServer(program: Command, act: Act): void {
  program
    .command('codec-server')
    .description('serve /encode and /decode (Temporal codec server protocol) for the Web UI and `temporal --codec-endpoint`; reads PAYLOAD_CODEC_KEYS, CODEC_SERVER_TOKEN, CODEC_PORT, CODEC_CORS_ORIGIN')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--port <port>', 'port (env CODEC_PORT)', process.env.CODEC_PORT ?? '8888')
    .option('--cors-origin <origin>', 'the Web UI origin (env CODEC_CORS_ORIGIN)', process.env.CODEC_CORS_ORIGIN ?? 'http://localhost:8233')
    .option('--allow-unauthenticated', 'no bearer token (only on a loopback host, for a local demo)', false)
    .action(
      act(async (ctx, opts: { host: string; port: string; corsOrigin: string; allowUnauthenticated: boolean }) => {
        const keys = codecKeysFromEnv(ctx.processEnv);
        if (!keys) throw new CodecServerConfigError(`${CODEC_KEYS_VARIABLE} (or ${CODEC_KEYS_VARIABLE}_FILE) is not set: nothing to decode with`);
        const token = readSecret('CODEC_SERVER_TOKEN', ctx.processEnv);
        if (!token && !(opts.allowUnauthenticated && LOOPBACK.has(opts.host))) {
          throw new CodecServerConfigError('CODEC_SERVER_TOKEN (or CODEC_SERVER_TOKEN_FILE) is not set; --allow-unauthenticated is accepted only with a loopback --host');
        }
        const port = Number(opts.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CodecServerConfigError(`--port/CODEC_PORT must be a port number, got "${opts.port}"`);
        const app = buildCodecServer({ codec: new AesGcmPayloadCodec(keys), token, corsOrigin: opts.corsOrigin, log: (line) => process.stderr.write(`codec-server: ${line}\n`) });
        const address = await app.listen({ host: opts.host, port });
        ctx.stdout(`codec server ready ${address} (keys: ${keys.map((k) => k.id).join(', ')}; CORS origin ${opts.corsOrigin}${token ? '' : '; NO AUTHENTICATION'})`);
        await new Promise<void>((resolve) => {
          process.once('SIGTERM', () => resolve());
          process.once('SIGINT', () => resolve());
        });
        await app.close();
      }),
    );
}
