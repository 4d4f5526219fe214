// What an operator sees when a run cannot succeed: every step a subprocess (`run --wait`, `status --json`,
// a worker process), IST the simulator over real HTTP with its fault plan, the store real Postgres. The
// printed error is the named one (not Temporal's "Activity task failed"), with its hint and exit code 6;
// `status` and `runs.failure` hold the same name and message; the workflow fails with that name as its type.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { ApplicationFailure, WorkflowFailedError, type Client } from '@temporalio/client';
import { stringify } from 'yaml';
import { startSimulator, type FaultPlan, type RunningSimulator } from '../../src/simulator/index.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { PROJECT_ROOT } from '../../src/temporal/cli-path.ts';
import { RunStatus, SEARCH_ATTRIBUTES } from '../../workflows/contract.ts';
import { customerEntry, freshNamespace, runCliProcess, writeCustomerFile, type CliResult } from '../support/cli.ts';
import { freshPostgresUrl } from '../support/databases.ts';
import { recordHistoryIfAsked } from '../support/history.ts';
import { startWorkerProcess, type WorkerProcess } from '../support/processes.ts';

const FAIL = 'EXTFAIL'; // a tenant the fault plan makes misbehave
const OK = 'EXTOK'; // a well-behaved tenant: the customer added while the worker runs

interface StatusJson {
  runs: { status: string; failure: string | null; workflowId: string; runId: string }[];
}

const db = await freshPostgresUrl();
// At the top level: its connection's clean-up hook then belongs to the file, not to `before`.
const namespace = db ? await freshNamespace() : undefined;
let simulator: RunningSimulator;
let client: Client;
let store: Store;
let worker: WorkerProcess;
let env: Record<string, string>;
/** The worker's customer file (rewritten by tests while the worker runs). */
let workerFile: string;
/** The operator's customer file: the worker's plus customers the worker's file lacks. */
let cliFile: string;

function entry(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return customerEntry(id, { extensId: FAIL, apiBaseUrl: simulator.apiBaseUrl, tokenUrl: simulator.tokenUrl, ...extra });
}

const BASE_CUSTOMERS = (): Record<string, unknown>[] => [
  entry('kommun-token', { clientSecretEnv: 'T_WRONG_SECRET' }),
  entry('kommun-401'),
  entry('kommun-403'),
  entry('kommun-404', { extensId: 'NOSUCHCUSTOMER' }),
  entry('kommun-badurl', { apiBaseUrl: `${simulator.url}/ss12000-api-typo` }),
  entry('kommun-slow', { pageSize: 2 }),
  entry('kommun-nohost', { apiBaseUrl: 'http://127.0.0.1:9/ss12000v2-api' }),
];

function writeWorkerFile(customers: Record<string, unknown>[]): void {
  writeFileSync(workerFile, stringify({ customers }));
}

const cli = (...args: string[]) => runCliProcess(args, { ...env, CUSTOMERS_FILE: cliFile });

/** `run <customer> --wait` under `plan`: the printed error, exit code 6, status and the workflow's failure agree. */
async function assertRunFails(customerId: string, plan: FaultPlan, errorName: string, message: RegExp): Promise<StatusJson['runs'][number]> {
  simulator.faults.set(plan);
  let run: CliResult;
  try {
    run = await cli('run', customerId, '--wait');
  } finally {
    simulator.faults.set({});
  }
  assert.equal(run.code, 6, `${customerId}: exit code\n${run.stdout}\n${run.stderr}`);
  const printed = new RegExp(`^error: ${errorName}: (.*)$`, 'm').exec(run.stderr);
  assert.ok(printed, `${customerId}: printed the named error, not a wrapper:\n${run.stderr}`);
  assert.match(printed[1]!, message, customerId);
  assert.doesNotMatch(run.stderr, /Activity task failed|WorkflowFailedError/, customerId);
  assert.match(run.stderr, /^hint: \S/m, `${customerId}: a hint for ${errorName}`);

  const status = await cli('--json', 'status', customerId);
  assert.equal(status.code, 0, status.stderr);
  const latest = (JSON.parse(status.stdout) as StatusJson).runs[0];
  assert.ok(latest, `${customerId}: status lists the failed run`);
  assert.equal(latest.status, RunStatus.Failed, customerId);
  assert.equal(latest.failure, `${errorName}: ${printed[1]}`, `${customerId}: status holds the printed name and message`);

  const handle = client.workflow.getHandle(latest.workflowId, latest.runId);
  await assert.rejects(handle.result(), (err: unknown) => err instanceof WorkflowFailedError && err.cause instanceof ApplicationFailure && err.cause.type === errorName);
  assert.equal((await handle.describe()).typedSearchAttributes.get(SEARCH_ATTRIBUTES.runStatus), RunStatus.Failed, `${customerId}: IstRunStatus`);
  const row = await store.runs.get(latest.runId);
  assert.equal(row?.failure, latest.failure, `${customerId}: runs.failure`);
  return latest;
}

describe('failed runs through the ist-export CLI as a subprocess', { skip: db ? false : 'needs TEST_DATABASE_URL (npm test starts PostgreSQL)' }, () => {
  before(async () => {
    simulator = await startSimulator({
      tenants: [
        { customerId: FAIL, seed: 4, size: 'tiny', clientId: 'c', clientSecret: 's' },
        { customerId: OK, seed: 5, size: 'tiny', clientId: 'c', clientSecret: 's' },
      ],
    });
    const ns = namespace!;
    client = ns.client;
    store = await openStore({ databaseUrl: db!.url, maxConnections: 2 });
    workerFile = writeCustomerFile({ customers: BASE_CUSTOMERS() });
    cliFile = writeCustomerFile({ customers: [...BASE_CUSTOMERS(), entry('kommun-added', { extensId: OK }), entry('kommun-elsewhere', { extensId: OK })] });
    env = {
      TEMPORAL_ADDRESS: ns.address,
      TEMPORAL_NAMESPACE: ns.namespace,
      DATABASE_URL: db!.url,
      T_IST_ID: 'c',
      T_IST_SECRET: 's',
      T_WRONG_SECRET: 'not-the-secret',
      FETCH_HEARTBEAT_TIMEOUT_SECONDS: '5',
      FETCH_RETRY_INITIAL_SECONDS: '1',
    };
    worker = await startWorkerProcess({ ...env, CUSTOMERS_FILE: workerFile, CIVICNO_KEY: '' });
  });
  after(async () => {
    await worker?.stop();
    await store?.close();
    await simulator?.close();
    await db?.dispose();
  });

  it('when the token endpoint refuses the secret (400), then IstClientCredentialsRejectedError', async () => {
    await assertRunFails('kommun-token', {}, 'IstClientCredentialsRejectedError', /^customer "kommun-token": IST refused the client id\/secret \(the token endpoint answered HTTP 400, invalid_client\)/);
  });

  it('when the API refuses a fresh token (401), then IstClientCredentialsRejectedError', async () => {
    await assertRunFails('kommun-401', { customers: [FAIL], respond: { status: 401, code: 'unauthorized', message: 'token not valid for this API' } }, 'IstClientCredentialsRejectedError', /HTTP 401 to a freshly issued token/);
  });

  it('when IST has not granted access (403), then IstAccessNotGrantedError naming partner id and extensId', async () => {
    await assertRunFails('kommun-403', { customers: [FAIL], respond: { status: 403, code: 'forbidden', message: 'no access' } }, 'IstAccessNotGrantedError', new RegExp(`ISI_INTEGRATION_PARTNER_ID=\\w+ on ISI_EXTENS_ID=${FAIL}`));
  });

  it('when IST does not know the extensId (404), then IstCustomerUnknownError naming it', async () => {
    await assertRunFails('kommun-404', {}, 'IstCustomerUnknownError', /ISI_EXTENS_ID=NOSUCHCUSTOMER/);
  });

  it('when apiBaseUrl points to a path that is no SS 12000 API, then the failure names the URL that answered 404', async () => {
    await assertRunFails('kommun-badurl', {}, 'IstCustomerUnknownError', /ss12000-api-typo\/source\/EXTFAIL\/v2\.0\//);
  });

  it('when apiBaseUrl names a host that does not answer, then `run --wait` shows the step retrying with the named error of its last attempt', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/bin/cli.ts', 'run', 'kommun-nohost', '--wait'], { cwd: PROJECT_ROOT, env: { ...process.env, ...env, CUSTOMERS_FILE: cliFile }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    const retrying = /^retrying fetchResourceChunk \(attempt \d+\): IstUnavailableError: customer "kommun-nohost", resource \w+: IST unavailable: request failed: ECONNREFUSED/m;
    try {
      for (let i = 0; i < 600 && !retrying.test(stdout) && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 100));
      assert.match(stdout, retrying);
    } finally {
      child.kill('SIGTERM');
      const workflowId = /^started (\S+) /m.exec(stdout)?.[1];
      if (workflowId) await client.workflow.getHandle(workflowId).terminate('test over');
    }
  });

  it('when a customer is added to the file while the worker runs, then its run succeeds without a restart; once removed, its run fails at the first step with CustomerNotConfiguredError and leaves a failed row', async () => {
    writeWorkerFile([...BASE_CUSTOMERS(), entry('kommun-added', { extensId: OK })]);
    const added = await cli('run', 'kommun-added', '--wait');
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /^run \S+ of kommun-added: succeeded/m);

    writeWorkerFile(BASE_CUSTOMERS());
    const from = simulator.requestLog.length;
    await assertRunFails('kommun-added', {}, 'CustomerNotConfiguredError', /^customer "kommun-added" is not in the customer file/);
    // A customer the worker's file never listed: the same, its row written although beginRun failed.
    const refused = await assertRunFails('kommun-elsewhere', {}, 'CustomerNotConfiguredError', /^customer "kommun-elsewhere" is not in the customer file/);
    recordHistoryIfAsked(namespace!.address, refused.workflowId, refused.runId, namespace!.namespace); // RECORD_HISTORY=export-v3-customer-not-configured
    assert.equal(simulator.requestLog.slice(from).filter((e) => e.customerId === OK).length, 0, 'nothing fetched for refused customers');
  });

  it('when the file adds a forwardCivicNo customer and the worker has no CIVICNO_KEY, then its runs are refused at the first step with CivicNoKeyMissingError', async () => {
    writeWorkerFile([...BASE_CUSTOMERS(), entry('kommun-added', { extensId: OK, forwardCivicNo: true })]);
    try {
      const from = simulator.requestLog.length;
      await assertRunFails('kommun-added', {}, 'CivicNoKeyMissingError', /^customer "kommun-added" has forwardCivicNo: CIVICNO_KEY is not set/);
      assert.equal(simulator.requestLog.slice(from).filter((e) => e.customerId === OK).length, 0, 'no list fetched before the refusal');
    } finally {
      writeWorkerFile(BASE_CUSTOMERS());
    }
  });

  it('when a run is terminated in Temporal, then status shows it terminated with the reason, not running', async () => {
    simulator.faults.set({ customers: [FAIL], latency: { headersMs: 1500 } });
    try {
      const started = await cli('run', 'kommun-slow');
      assert.equal(started.code, 0, started.stderr);
      const workflowId = /^started (\S+) /m.exec(started.stdout)?.[1];
      assert.ok(workflowId, started.stdout);
      const handle = client.workflow.getHandle(workflowId);
      // Terminated once the run is under way (its row written by beginRun).
      for (let i = 0; i < 300 && (await store.runs.latest('kommun-slow', 1))[0]?.workflowId !== workflowId; i++) await new Promise((r) => setTimeout(r, 200));
      assert.equal((await store.runs.latest('kommun-slow', 1))[0]?.status, RunStatus.Running);
      await handle.terminate('operator stopped it');
      const status = await cli('--json', 'status', 'kommun-slow');
      assert.equal(status.code, 0, status.stderr);
      const latest = (JSON.parse(status.stdout) as StatusJson).runs[0];
      assert.deepEqual([latest?.status, latest?.failure], [RunStatus.Terminated, 'TerminatedFailure: operator stopped it']);
      assert.equal((await store.runs.get(latest!.runId))?.status, RunStatus.Terminated, 'recorded in the store');
      const human = await cli('status', 'kommun-slow');
      assert.match(human.stdout, /^last run failed: TerminatedFailure: operator stopped it$/m);
    } finally {
      simulator.faults.set({});
    }
  });

  it('when a run times out in Temporal, then status shows it timed_out, not running', async () => {
    simulator.faults.set({ customers: [FAIL], latency: { headersMs: 1500 } });
    try {
      // A workflow timeout is set by whoever starts the run; no workflow code runs when it fires.
      const handle = await client.workflow.start('exportCustomer', {
        taskQueue: 'ist-export',
        workflowId: `ist-export/kommun-slow/timeout-${Date.now()}`,
        args: [{ version: 1, customerId: 'kommun-slow' }],
        workflowExecutionTimeout: '6 seconds',
        typedSearchAttributes: [{ key: SEARCH_ATTRIBUTES.customerId, value: 'kommun-slow' }, { key: SEARCH_ATTRIBUTES.runStatus, value: RunStatus.Running }],
      });
      await assert.rejects(handle.result(), WorkflowFailedError);
      const status = await cli('--json', 'status', 'kommun-slow');
      const latest = (JSON.parse(status.stdout) as StatusJson).runs[0];
      assert.equal(latest?.workflowId, handle.workflowId);
      assert.equal(latest?.status, RunStatus.TimedOut);
      assert.match(latest?.failure ?? '', /^TimeoutFailure: Workflow execution timed out/);
    } finally {
      simulator.faults.set({});
    }
  });

  it('when a worker starts with a forwardCivicNo customer and no valid CIVICNO_KEY, then it exits at once with the named error', async () => {
    const file = writeCustomerFile({ customers: [entry('kommun-forward', { forwardCivicNo: true })] });
    const missing = await startWorkerVerb({ ...env, CUSTOMERS_FILE: file, CIVICNO_KEY: '' });
    assert.equal(missing.code, 1, missing.stderr);
    assert.match(missing.stderr, /^error: CivicNoKeyMissingError: customer "kommun-forward" has forwardCivicNo: CIVICNO_KEY is not set/m);
    assert.match(missing.stderr, /^hint: set CIVICNO_KEY/m);
    const invalid = await startWorkerVerb({ ...env, CUSTOMERS_FILE: file, CIVICNO_KEY: 'abc' });
    assert.equal(invalid.code, 1, invalid.stderr);
    assert.match(invalid.stderr, /^error: CivicNoKeyInvalidError: customer "kommun-forward" has forwardCivicNo: CIVICNO_KEY must be 32 bytes/m);
  });
});

/** `ist-export worker` as a subprocess: its exit, or `ready` (then stopped) if it started polling. */
async function startWorkerVerb(workerEnv: Record<string, string>): Promise<{ code: number | 'ready'; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/bin/cli.ts', 'worker'], { cwd: PROJECT_ROOT, env: { ...process.env, ...workerEnv, TASK_QUEUE: 'never-polled' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? -1)));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && child.exitCode === null && !stdout.includes('worker ready')) await new Promise((r) => setTimeout(r, 100));
  if (stdout.includes('worker ready')) {
    child.kill('SIGTERM');
    await exited;
    return { code: 'ready', stderr };
  }
  return { code: await exited, stderr };
}
