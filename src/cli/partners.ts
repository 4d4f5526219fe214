import type { Command } from 'commander';
import { generateSecret, hashSecret } from '../config/secret-hash.ts';
import type { Act } from './program.ts';

export function registerPartners(program: Command, act: Act): void {
  const partners = program.command('partners').description('partner API credentials');
  partners
    .command('hash-secret')
    .description('make a partner secret and its scrypt hash for the partner file (clientSecretHash or apiKeyHashes); reads the secret from stdin with --stdin')
    .option('--partner <id>', 'partner id: also prints the API key (<id>.<secret>)')
    .option('--stdin', 'hash the secret read from stdin instead of generating one', false)
    .action(
      act(async (ctx, opts: { partner?: string; stdin: boolean }) => {
        let secret: string;
        if (opts.stdin) {
          const chunks: Buffer[] = [];
          for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
          secret = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
          if (secret === '') throw new Error('no secret on stdin');
        } else secret = generateSecret();
        const hash = await hashSecret(secret);
        const out = { ...(opts.stdin ? {} : { secret }), ...(opts.partner && !opts.stdin ? { apiKey: `${opts.partner}.${secret}` } : {}), hash };
        ctx.print(out, () =>
          [
            ...(opts.stdin ? [] : [`secret (give to the partner once, store nowhere): ${secret}`]),
            ...(out.apiKey ? [`API key (same secret, for the ${'X-API-Key'} header):   ${out.apiKey}`] : []),
            `hash (put in the partner file):                       ${hash}`,
          ].join('\n'),
        );
      }),
    );
}
