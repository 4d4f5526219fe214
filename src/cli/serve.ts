import type { Command } from 'commander';
import { apiEnvironment, startApi } from '../api/start.ts';
import type { Act } from './program.ts';

export function registerServe(program: Command, act: Act): void {
  program
    .command('serve')
    .description('run the partner API (SS 12000 v2.1 read side + change feed) until SIGTERM/SIGINT; reads API_HOST, API_PORT, PARTNERS_FILE, API_TOKEN_SIGNING_KEY, CUSTOMERS_FILE, DATABASE_URL, CIVICNO_KEY')
    .action(
      act(async (ctx) => {
        const api = await startApi({ ...apiEnvironment(), customersFile: ctx.customersFile });
        ctx.stdout(`api ready ${api.url}`);
        await new Promise<void>((resolve) => {
          process.once('SIGTERM', resolve);
          process.once('SIGINT', resolve);
        });
        await api.close();
      }),
    );
}
