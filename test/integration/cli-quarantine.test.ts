// Issue 11 point 5: quarantined records where operators look. Every step a subprocess: the `worker`
// verb, `run --wait`, `status` (one customer and all), `report`; the simulator serves some duties
// without `dutyAt`, which the export cannot use.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { startSimulator } from '../../src/simulator/index.ts';
import { PROJECT_ROOT } from '../../src/temporal/cli-path.ts';
import { customerEntry, freshNamespace, runCliProcess, writeCustomerFile } from '../support/cli.ts';
import { freshPostgresUrl } from '../support/databases.ts';

const CUSTOMER = 'kommun-quarantine';
const EXTENS_ID = 'QUAR01';

describe('quarantined records through the ist-export CLI as a subprocess', () => {
  it('when IST sends duties without dutyAt, then run --wait, status and the report show each with list, IST id, field, reason and a hint', async (t) => {
    const db = await freshPostgresUrl();
    if (!db) return t.skip('needs TEST_DATABASE_URL (npm test starts PostgreSQL)');
    const simulator = await startSimulator({
      tenants: [{ customerId: EXTENS_ID, seed: 12, size: 'tiny', clientId: 'c', clientSecret: 's' }],
      faults: { seed: 7, invalidRecords: { rate: 0.2, resources: ['duties'] } },
    });
    const { namespace, address } = await freshNamespace();
    const env = {
      TEMPORAL_ADDRESS: address,
      TEMPORAL_NAMESPACE: namespace,
      DATABASE_URL: db.url,
      T_IST_ID: 'c',
      T_IST_SECRET: 's',
      // A generous quarantine limit: the run publishes, so the summary (not a hold) is what is read.
      CUSTOMERS_FILE: writeCustomerFile({ customers: [customerEntry(CUSTOMER, { extensId: EXTENS_ID, apiBaseUrl: simulator.apiBaseUrl, tokenUrl: simulator.tokenUrl, thresholds: { quarantine: { percent: 50 } } })] }),
    };
    const cli = (...args: string[]) => runCliProcess(args, env);
    const worker = spawn(process.execPath, ['--import', 'tsx', 'src/bin/cli.ts', 'worker'], { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      let out = '';
      worker.stdout.on('data', (b: Buffer) => (out += b.toString()));
      for (let i = 0; i < 240 && !out.includes('worker ready'); i++) await new Promise((r) => setTimeout(r, 250));
      assert.match(out, /worker ready/);

      const run = await cli('run', CUSTOMER, '--wait');
      assert.equal(run.code, 0, run.stderr);
      const invalid = simulator.faults.invalidRecordIds('duties');
      assert.ok(invalid.length > 0, 'the simulator served invalid duties');
      assert.match(run.stdout, new RegExp(`^  quarantined: ${invalid.length} \\(duties ${invalid.length}\\), not published$`, 'm'));
      assert.match(run.stdout, /^list +IST id +field +reason$/m);
      for (const id of invalid.slice(0, 10)) assert.match(run.stdout, new RegExp(`^duties +${id} +dutyAt +\\S`, 'm'), `${id} in the run summary`);
      assert.match(run.stdout, new RegExp(`^hint: .*\`ist-export report ${CUSTOMER}\``, 'm'));

      const status = await cli('status', CUSTOMER);
      assert.equal(status.code, 0, status.stderr);
      assert.match(status.stdout, new RegExp(`^last run: quarantined \\(not published\\): ${invalid.length} record`, 'm'));
      assert.match(status.stdout, new RegExp(`^duties +${invalid[0]} +dutyAt `, 'm'));
      const all = await cli('status');
      assert.match(all.stdout, / quarantined /);
      // The value under the `quarantined` header, wherever later columns put it.
      const [header, ...lines] = all.stdout.split('\n');
      const at = header!.indexOf('quarantined');
      const row = lines.find((l) => l.startsWith(`${CUSTOMER} `)) ?? '';
      assert.equal(row.slice(at).split(/ {2,}/)[0]!.trim(), String(invalid.length), `the quarantined column of: ${all.stdout}`);

      const csv = await cli('report', CUSTOMER);
      assert.equal(csv.code, 0, csv.stderr);
      const rows = csv.stdout.split('\r\n').filter((l) => l.startsWith('error,quarantined,duty,'));
      assert.deepEqual(rows.map((l) => l.split(',')[3]).sort(), invalid);
      assert.ok(rows.every((l) => l.endsWith(',duties,dutyAt')), rows[0]);
    } finally {
      worker.kill('SIGTERM');
      await simulator.close();
      await db.dispose();
    }
  });
});
