// Runs the IST SS 12000 simulator until interrupted, e.g.
//   tsx src/bin/simulator.ts --port 8787 --size small --seed 1 --customer DEMO0001 --client-id demo --client-secret demo-secret
import { parseArgs } from 'node:util';
import { startSimulator, type SimulatorSize } from '../simulator/index.ts';

const SIZES: readonly SimulatorSize[] = ['tiny', 'small', 'medium', 'l', 'xl'];

const { values } = parseArgs({
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
  },
  strict: true,
});

const size = values.size as SimulatorSize;
if (!SIZES.includes(size)) throw new Error(`--size must be one of ${SIZES.join(', ')}`);
const port = Number(values.port);
const seed = Number(values.seed);
if (!Number.isInteger(port) || !Number.isInteger(seed)) throw new Error('--port and --seed must be integers');

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
