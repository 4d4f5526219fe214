// Runs the IST SS 12000 simulator until interrupted, e.g.
//   tsx src/bin/simulator.ts --port 8787 --size small --seed 1 --customer DEMO0001 --client-id demo --client-secret demo-secret
import { parseArgs } from 'node:util';
import { startSimulator, type SimulatorSize } from '../simulator/index.ts';

const SIZES: readonly SimulatorSize[] = ['tiny', 'small', 'medium', 'l', 'xl'];

const USAGE = `Usage: npm run simulator -- [options]

The IST SS 12000 simulator: one simulated customer over HTTP until Ctrl-C.

Options:
  --host <host>             address to listen on (default 127.0.0.1)
  --port <port>             port (default 8787; 0 = any free port)
  --size <size>             ${SIZES.join(' | ')} (default small)
  --seed <n>                seed of the generated customer (default 1)
  --customer <extensId>     the customer id in the API path (default DEMO0001)
  --client-id <id>          OAuth2 client id the token endpoint accepts (default demo)
  --client-secret <secret>  its secret (default demo-secret)
  --reference-date <date>   the school year's reference date, YYYY-MM-DD (default today)
  --token-ttl <seconds>     lifetime of issued tokens
  -h, --help                print this help
`;

/** Bad command line: one line and the usage hint, never a stack trace. */
function fail(message: string): never {
  process.stderr.write(`error: ${message}\nhint: npm run simulator -- --help\n`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '8787' },
      size: { type: 'string', default: 'small' },
      seed: { type: 'string', default: '1' },
      customer: { type: 'string', default: 'DEMO0001' },
      'client-id': { type: 'string', default: 'demo' },
      'client-secret': { type: 'string', default: 'demo-secret' },
      'reference-date': { type: 'string' },
      'token-ttl': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  }));
} catch (err) {
  fail((err as Error).message);
}
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}

const size = values.size as SimulatorSize;
if (!SIZES.includes(size)) fail(`--size must be one of ${SIZES.join(', ')}`);
const port = Number(values.port);
const seed = Number(values.seed);
if (!Number.isInteger(port) || !Number.isInteger(seed)) fail('--port and --seed must be integers');
if (values['reference-date'] !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values['reference-date'])) fail('--reference-date must be YYYY-MM-DD');

const sim = await startSimulator({
  host: values.host,
  port,
  tokenTtlSeconds: values['token-ttl'] ? Number(values['token-ttl']) : undefined,
  tenants: [{
    customerId: values.customer, seed, size, clientId: values['client-id'], clientSecret: values['client-secret'],
    ...(values['reference-date'] ? { referenceDate: values['reference-date'] } : {}),
  }],
});

console.log(`IST simulator (${size}, seed ${seed}) listening on ${sim.url}`);
console.log(`  token URL: ${sim.tokenUrl}`);
console.log(`  API base:  ${sim.apiBaseUrl}/source/${values.customer}/v2.0/{organisations|persons|groups|duties|activities|syllabuses}`);
console.log(`  client:    ${values['client-id']} / ${values['client-secret']}`);

const stop = (): void => {
  void sim.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
