import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { startSimulator } from '../../src/simulator/index.ts';
import { exportScheduleId } from '../../src/schedules/ids.ts';
import { findTemporalBinary, PROJECT_ROOT } from '../../src/temporal/cli-path.ts';
import { freshPostgresUrl } from '../support/databases.ts';
import { customerEntry, runCliProcess, writeCustomerFile } from '../support/cli.ts';
import { temporalAddress } from '../support/temporal.ts';

const VERBS = ['schedules', 'schedules apply', 'run', 'status', 'approve', 'reject', 'preview', 'pause', 'resume', 'report', 'changes', 'validate-config', 'setup', 'worker', 'dev'];
const newNamespace = () => `cli-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

describe('ist-export CLI as a subprocess', () => {
  it('when --help is asked of every verb, then each prints its usage and exits 0', async () => {
    for (const verb of VERBS) {
      const r = await runCliProcess([...verb.split(' '), '--help'], {});
      assert.equal(r.code, 0, verb);
      assert.match(r.stdout, new RegExp(`Usage: ist-export ${verb}`), verb);
    }
    const top = await runCliProcess(['--help'], {});
    assert.match(top.stdout, /Exit codes: 0 ok/);
  });

  it('when the customer file is invalid or the verb unknown, then one clear line, a hint and the documented exit code', async () => {
    const bad = writeCustomerFile({ customers: [customerEntry('kommun-a', { extensId: undefined })] });
    const invalid = await runCliProcess(['validate-config'], { CUSTOMERS_FILE: bad });
    assert.equal(invalid.code, 3);
    assert.match(invalid.stderr, /^error: CustomerConfigInvalidError: .*customers\.yaml: customers\[0\]\.extensId: /m);
    assert.match(invalid.stderr, /^hint: /m);
    const good = writeCustomerFile({ customers: [customerEntry('kommun-a'), customerEntry('kommun-b', { paused: true, note: 'ends' })] });
    const valid = await runCliProcess(['--json', 'validate-config'], { CUSTOMERS_FILE: good });
    assert.equal(valid.code, 0);
    assert.deepEqual((JSON.parse(valid.stdout) as { customers: { id: string; paused: boolean }[] }).customers.map((c) => [c.id, c.paused]), [['kommun-a', false], ['kommun-b', true]]);
    assert.equal((await runCliProcess(['frobnicate'], {})).code, 2);
    const down = await runCliProcess(['schedules', 'apply'], { CUSTOMERS_FILE: good, TEMPORAL_ADDRESS: '127.0.0.1:9' });
    assert.equal(down.code, 5);
    assert.match(down.stderr, /hint: is the Temporal server running at 127\.0\.0\.1:9\?/);
  });

  it('when an operator sets up a namespace, applies schedules twice, pauses and resumes, then output and exit codes say what happened and the temporal CLI agrees', async () => {
    const address = await temporalAddress();
    const env = { TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: newNamespace(), CUSTOMERS_FILE: writeCustomerFile({ customers: [customerEntry('kommun-a'), customerEntry('kommun-b', { paused: true, note: 'ends in May' })] }) };
    const setup = await runCliProcess(['setup'], env);
    assert.equal(setup.code, 0, setup.stderr);
    assert.match(setup.stdout, /created namespace .*\nregistered search attributes IstCustomerId, IstRunStatus/);
    assert.match((await runCliProcess(['setup'], env)).stdout, /exists\nsearch attributes already registered/);

    const apply = await runCliProcess(['schedules', 'apply'], env);
    assert.equal(apply.code, 0, apply.stderr);
    assert.match(apply.stdout, /^create +ist-export-kommun-a +created$/m);
    assert.match(apply.stdout, /^create +ist-export-kommun-b +created paused \(paused in customer file: ends in May\)$/m);
    assert.match((await runCliProcess(['schedules', 'apply'], env)).stdout, /^no changes: 2 schedule\(s\) match the customer file$/m);

    assert.equal((await runCliProcess(['pause', 'kommun-a', '--note', 'IST maintenance'], env)).code, 0);
    const temporal = async (...args: string[]) => (await promisify(execFile)(findTemporalBinary(), [...args, '--address', address, '--namespace', env.TEMPORAL_NAMESPACE])).stdout;
    const described = JSON.parse(await temporal('schedule', 'describe', '--schedule-id', exportScheduleId('kommun-a'), '--output', 'json')) as { schedule: { state: { paused: boolean; notes: string } } };
    assert.deepEqual([described.schedule.state.paused, described.schedule.state.notes], [true, 'paused by operator: IST maintenance']);
    assert.match((await runCliProcess(['schedules', 'apply'], env)).stdout, /^kept-paused +ist-export-kommun-a/m);

    const blocked = await runCliProcess(['resume', 'kommun-b', '--note', 'back'], env);
    assert.equal(blocked.code, 8);
    assert.match(blocked.stderr, /ScheduleResumeBlockedError: customer "kommun-b" is marked paused in the customer file/);
    assert.equal((await runCliProcess(['resume', 'kommun-a', '--note', 'done'], env)).code, 0);
    assert.match(await temporal('schedule', 'describe', '--schedule-id', exportScheduleId('kommun-a')), /Paused\s+false/);

    const status = await runCliProcess(['--json', 'status'], { ...env, DATA_DIR: writeCustomerFile({}).replace(/customers\.yaml$/, 'data') });
    assert.equal(status.code, 0, status.stderr);
    assert.deepEqual((JSON.parse(status.stdout) as { customerId: string; schedule: { state: string } }[]).map((r) => [r.customerId, r.schedule.state]), [['kommun-a', 'active'], ['kommun-b', 'paused']]);

    for (const verb of [['approve', 'kommun-a', '--reason', 'x'], ['reject', 'kommun-a', '--reason', 'x'], ['preview', 'kommun-a']]) {
      const r = await runCliProcess(verb, env);
      assert.equal(r.code, 4, verb.join(' '));
      assert.match(r.stderr, /HeldRunNotFoundError: customer "kommun-a" has no run awaiting approval/);
    }
    assert.equal((await runCliProcess(['run', 'kommun-x'], env)).code, 4);
  });

  it('when a worker runs and the operator runs a customer with --wait, then progress and the summary print, status shows the run, report and changes answer', async (t) => {
    const db = await freshPostgresUrl();
    if (!db) return t.skip('needs TEST_DATABASE_URL (npm test starts PostgreSQL)');
    const simulator = await startSimulator({ tenants: [{ customerId: 'CLI01', seed: 2, size: 'tiny', clientId: 'c', clientSecret: 's' }] });
    const env = {
      TEMPORAL_ADDRESS: await temporalAddress(),
      TEMPORAL_NAMESPACE: newNamespace(),
      DATABASE_URL: db.url,
      T_IST_ID: 'c',
      T_IST_SECRET: 's',
      CUSTOMERS_FILE: writeCustomerFile({ customers: [customerEntry('kommun-cli', { extensId: 'CLI01', apiBaseUrl: simulator.apiBaseUrl, tokenUrl: simulator.tokenUrl })] }),
    };
    assert.equal((await runCliProcess(['setup'], env)).code, 0);
    assert.equal((await runCliProcess(['schedules', 'apply'], env)).code, 0);
    const worker = spawn(process.execPath, ['--import', 'tsx', 'src/bin/cli.ts', 'worker'], { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      let out = '';
      worker.stdout.on('data', (b: Buffer) => (out += b.toString()));
      for (let i = 0; i < 240 && !out.includes('worker ready'); i++) await new Promise((r) => setTimeout(r, 250));
      assert.match(out, /worker ready ist-export/);

      const run = await runCliProcess(['run', 'kommun-cli', '--wait'], env);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^started ist-export\/kommun-cli\/scheduled-\S+ \(via its schedule\)$/m);
      assert.match(run.stdout, /^persons +done +\d+ pages +\d+ records$/m);
      assert.match(run.stdout, /^run \S+ of kommun-cli: succeeded/m);

      const status = await runCliProcess(['--json', 'status', 'kommun-cli'], env);
      assert.equal(status.code, 0, status.stderr);
      const parsed = JSON.parse(status.stdout) as { schedule: { state: string; nextRunAt: string }; runs: { status: string; workflowId: string }[] };
      assert.equal(parsed.schedule.state, 'active');
      assert.ok(parsed.schedule.nextRunAt);
      assert.match(parsed.runs[0]?.status ?? '', /^succeeded/);
      assert.match((await runCliProcess(['status'], env)).stdout, /^kommun-cli +active +\S+ \S+ +\S+ \S+ +succeeded/m);

      const report = await runCliProcess(['report', 'kommun-cli', '--format', 'json'], env);
      assert.equal(report.code, 0, report.stderr);
      assert.equal((JSON.parse(report.stdout) as { customerId: string }).customerId, 'kommun-cli');
      const changes = await runCliProcess(['--json', 'changes', 'kommun-cli', '--since', '0', '--limit', '5'], env);
      assert.equal(changes.code, 0, changes.stderr);
      assert.equal((JSON.parse(changes.stdout) as unknown[]).length, 5, 'the first run published everything');
    } finally {
      worker.kill('SIGTERM');
      await once(worker, 'exit');
      await simulator.close();
      await db.dispose();
    }
  });
});
