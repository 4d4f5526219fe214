import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { startSimulator } from '../../src/simulator/index.ts';
import { zeroStudents } from '../../src/simulator/mutations.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { changesSince } from '../../src/store/publications.ts';
import { findTemporalBinary, PROJECT_ROOT } from '../../src/temporal/cli-path.ts';
import type { ExportCustomerResult } from '../../workflows/contract.ts';
import { customerEntry, freshNamespace, runCliProcess, writeCustomerFile, type CliResult } from '../support/cli.ts';
import { freshPostgresUrl } from '../support/databases.ts';

// An operator's approval round trip, every step a subprocess: the `worker` verb, `run`, `status`,
// `preview`, `reject`, `approve`, `changes`, and the real temporal CLI's visibility query. The test
// reads the store only to check what the steps left behind.

const CUSTOMER = 'kommun-hold';
const EXTENS_ID = 'HOLD01';
/** Runs start only through `run`: the schedule's own time (1 January, 03:00) never falls inside the test. */
const NEVER_DURING_THE_TEST = { cron: '0 3 1 1 *' };

/** Every personnummer the simulator serves, read over HTTP as IST's client would. */
async function simulatedCivicNos(tokenUrl: string, apiBaseUrl: string): Promise<string[]> {
  const token = await fetch(tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials&client_id=c&client_secret=s' });
  const { access_token } = (await token.json()) as { access_token: string };
  const out: string[] = [];
  let pageToken: string | undefined;
  do {
    const url = new URL(`${apiBaseUrl}/source/${EXTENS_ID}/v2.0/persons`);
    url.searchParams.set('limit', '500');
    if (pageToken) url.searchParams.set('pageToken', pageToken);
    const body = (await (await fetch(url, { headers: { authorization: `Bearer ${access_token}` } })).json()) as { data: { civicNo?: { value: string } }[]; pageToken?: string | null };
    for (const p of body.data) if (p.civicNo) out.push(p.civicNo.value);
    pageToken = body.pageToken ?? undefined;
  } while (pageToken);
  return out;
}

/** The workflow id `run` printed on its first line. */
function startedWorkflowId(run: CliResult): string {
  const id = /^started (\S+) \(/m.exec(run.stdout)?.[1];
  assert.ok(id, `run printed no workflow id:\n${run.stdout}`);
  return id;
}

/** The preview's counts table (type, created, updated, deleted, withheld) as numbers per type. */
function countsOf(stdout: string): Record<string, Record<string, number>> {
  const lines = stdout.split('\n');
  const header = lines.findIndex((l) => /^type +created +updated +deleted +withheld$/.test(l));
  assert.ok(header >= 0, `no counts table in:\n${stdout}`);
  const columns = lines[header]!.split(/ +/);
  const out: Record<string, Record<string, number>> = {};
  for (const line of lines.slice(header + 1)) {
    if (!line.trim()) break;
    const [type, ...cells] = line.split(/ +/);
    out[type!] = Object.fromEntries(columns.slice(1).map((c, i) => [c, Number(cells[i])]));
  }
  return out;
}

describe('approval hold through the ist-export CLI as a subprocess', () => {
  it('when IST suddenly returns no students, then the run is held, status and the temporal CLI show it, preview shows counts without personnummer, reject keeps the previous publication and approve publishes the deletions', async (t) => {
    const db = await freshPostgresUrl();
    if (!db) return t.skip('needs TEST_DATABASE_URL (npm test starts PostgreSQL)');
    const simulator = await startSimulator({ tenants: [{ customerId: EXTENS_ID, seed: 11, size: 'tiny', clientId: 'c', clientSecret: 's' }] });
    const { namespace, address, client } = await freshNamespace();
    const env = {
      TEMPORAL_ADDRESS: address,
      TEMPORAL_NAMESPACE: namespace,
      DATABASE_URL: db.url,
      T_IST_ID: 'c',
      T_IST_SECRET: 's',
      // Forwarded (encrypted) personnummer are in the published content the preview reads: it must drop them.
      CIVICNO_KEY: randomBytes(32).toString('hex'),
      CUSTOMERS_FILE: writeCustomerFile({ customers: [customerEntry(CUSTOMER, { extensId: EXTENS_ID, apiBaseUrl: simulator.apiBaseUrl, tokenUrl: simulator.tokenUrl, forwardCivicNo: true, schedule: NEVER_DURING_THE_TEST })] }),
    };
    const cli = (...args: string[]) => runCliProcess(args, env);
    const temporal = async (...args: string[]) => (await promisify(execFile)(findTemporalBinary(), [...args, '--address', address, '--namespace', namespace])).stdout;
    const heldInTemporalCli = () => temporal('workflow', 'list', '--query', `IstCustomerId='${CUSTOMER}' AND IstRunStatus='awaiting_approval'`, '--output', 'json');
    const result = (workflowId: string) => client.workflow.getHandle(workflowId).result() as Promise<ExportCustomerResult>;

    // The worker bundles its workflows for a few seconds: meanwhile apply the schedule and read the simulator.
    const worker = spawn(process.execPath, ['--import', 'tsx', 'src/bin/cli.ts', 'worker'], { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let opened: Store | undefined;
    try {
      let out = '';
      worker.stdout.on('data', (b: Buffer) => (out += b.toString()));
      const [apply, civicNos] = await Promise.all([cli('schedules', 'apply'), simulatedCivicNos(simulator.tokenUrl, simulator.apiBaseUrl), openStore({ databaseUrl: db.url }).then((s) => (opened = s))]);
      assert.equal(apply.code, 0, apply.stderr);
      assert.ok(civicNos.length > 0, 'the simulator serves personnummer');
      for (let i = 0; i < 240 && !out.includes('worker ready'); i++) await new Promise((r) => setTimeout(r, 250));
      assert.match(out, /worker ready ist-export/);
      const store = opened!;

      const first = await cli('--json', 'run', CUSTOMER, '--wait');
      assert.equal(first.code, 0, first.stderr);
      const baseline = JSON.parse(first.stdout) as ExportCustomerResult;
      assert.match(baseline.status, /^succeeded/);
      const baselineSeq = baseline.publication!.lastSeq;
      assert.ok(baselineSeq > 0, 'the first run published');
      const forwarded = await store.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM published_entities WHERE customer_id = $1 AND entity_type = 'person' AND content->>'civicNo' IS NOT NULL`, [CUSTOMER]);
      assert.ok((forwarded[0]?.n ?? 0) > 0, 'the published persons carry (encrypted) personnummer: the preview must leave them out');

      simulator.mutate(EXTENS_ID, [zeroStudents()]);
      const students = simulator.stats(EXTENS_ID).students;
      assert.ok(students > 0);

      const dry = await cli('run', CUSTOMER, '--dry-run', '--wait');
      assert.equal(dry.code, 0, dry.stderr);
      assert.match(dry.stdout, new RegExp(`^started ist-export/${CUSTOMER}/\\S+ \\(directly\\)$`, 'm'));
      assert.match(dry.stdout, new RegExp(`^run \\S+ of ${CUSTOMER}: dry_run$`, 'm'));
      assert.deepEqual(await changesSince(store, CUSTOMER, baselineSeq), [], 'a dry run publishes nothing');

      // Held, then rejected: nothing published, the first run's publication stays current.
      const second = await cli('run', CUSTOMER, '--wait');
      assert.equal(second.code, 7, second.stderr);
      assert.match(second.stdout, new RegExp(`^held for approval: see \`ist-export preview ${CUSTOMER}\``, 'm'));
      const held = startedWorkflowId(second);
      assert.match(held, new RegExp(`^ist-export/${CUSTOMER}/scheduled-`));
      assert.ok((await heldInTemporalCli()).includes(`"${held}"`), 'temporal workflow list finds the held run by IstCustomerId and IstRunStatus');

      const status = await cli('status', CUSTOMER);
      assert.equal(status.code, 0, status.stderr);
      assert.match(status.stdout, new RegExp(`^current run ${held}: awaiting_approval;`, 'm'));
      assert.match(status.stdout, new RegExp(`${held} +awaiting_approval `));

      const preview = await cli('preview', CUSTOMER, '--sample', '5');
      assert.equal(preview.code, 0, preview.stderr);
      assert.match(preview.stdout, new RegExp(`^held run ${held} \\(run \\S+\\), decide before \\d{4}-`, 'm'));
      assert.match(preview.stdout, /^ {2}held because: threshold person deleted: \d+/m);
      const counts = countsOf(preview.stdout);
      assert.deepEqual(Object.keys(counts), ['school', 'person', 'class', 'teachingGroup']);
      assert.equal(counts.person?.deleted, students);
      assert.equal(counts.person?.created, 0);
      assert.match(preview.stdout, /^deleted +person \S+ \{/m, 'a sample of the deleted persons');
      for (const civicNo of civicNos) assert.equal(preview.stdout.includes(civicNo), false, 'a personnummer is in the preview');
      assert.doesNotMatch(preview.stdout, /civicNo|civicno-enc/, 'not even encrypted');

      const reject = await cli('reject', CUSTOMER, '--reason', 'IST sent no students tonight', '--by', 'driftansvarig');
      assert.equal(reject.code, 0, reject.stderr);
      assert.match(reject.stdout, new RegExp(`^rejected the held run ${held}$`, 'm'));
      const rejected = await result(held);
      assert.equal(rejected.status, 'rejected');
      const after = await cli('changes', CUSTOMER, '--since', String(baselineSeq));
      assert.equal(after.code, 0, after.stderr);
      assert.equal(after.stdout.trim(), `no changes after ${baselineSeq}`);
      assert.equal((await store.publications.current(CUSTOMER))?.runId, baseline.runId, "the first run's publication is the current one");
      assert.deepEqual((await store.runs.get(rejected.runId))?.decision, { decision: 'rejected', by: 'driftansvarig', reason: 'IST sent no students tonight' });

      // Held again (the source still has no students), then approved: the deletions are published.
      const third = await cli('run', CUSTOMER, '--wait');
      assert.equal(third.code, 7, third.stderr);
      const heldAgain = startedWorkflowId(third);
      assert.notEqual(heldAgain, held);
      const listed = await heldInTemporalCli();
      assert.ok(listed.includes(`"${heldAgain}"`), 'the new held run is listed');
      assert.equal(listed.includes(`"${held}"`), false, 'the rejected run is no longer awaiting approval');

      const approve = await cli('approve', CUSTOMER, '--reason', 'students moved to another system', '--by', 'driftansvarig');
      assert.equal(approve.code, 0, approve.stderr);
      assert.match(approve.stdout, new RegExp(`^approved the held run ${heldAgain}$`, 'm'));
      const approved = await result(heldAgain);
      assert.equal(approved.status, 'approved');
      assert.equal((await store.publications.current(CUSTOMER))?.runId, approved.runId);
      const published = await changesSince(store, CUSTOMER, baselineSeq, 100_000);
      assert.equal(published.filter((c) => c.entityType === 'person' && c.kind === 'deleted').length, students);
      assert.equal(published.at(-1)?.seq, approved.publication?.lastSeq);

      const [none, badSample] = await Promise.all([cli('preview', CUSTOMER), cli('preview', CUSTOMER, '--sample', 'many')]);
      assert.equal(none.code, 4, 'no run is held any more');
      assert.match(none.stderr, /HeldRunNotFoundError/);
      assert.equal(badSample.code, 2, 'a sample size that is no number is a usage error');
      assert.match(badSample.stderr, /--sample <n>' argument 'many' is invalid/);
    } finally {
      if (worker.exitCode === null && worker.signalCode === null) {
        worker.kill('SIGTERM');
        await once(worker, 'exit');
      }
      await opened?.close();
      await simulator.close();
      await db.dispose();
    }
  });
});
