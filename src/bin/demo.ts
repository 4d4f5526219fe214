// npm start: a local Temporal dev server, the IST simulator, a worker, and one export of the demo
// customer. Stays up for the Web UI until Ctrl-C; `--exit` ends right after the summary.
// Same implementation as `ist-export dev` (src/cli/dev.ts).
import { parseArgs } from 'node:util';
import { DEMO_CUSTOMERS_FILE, parseDevOptions, runDev } from '../cli/dev.ts';

const { values: flags } = parseArgs({
  options: {
    exit: { type: 'boolean', default: false },
    size: { type: 'string', default: 'small' },
    seed: { type: 'string', default: '1' },
    customers: { type: 'string', default: DEMO_CUSTOMERS_FILE },
  },
});

runDev(parseDevOptions(flags)).catch((err: unknown) => {
  console.error(`demo failed: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
  process.exit(1);
});
