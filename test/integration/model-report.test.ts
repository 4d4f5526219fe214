import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { MODEL_VERSION, type Person } from '../../src/model/entities.ts';
import { writeNdjsonExport } from '../../src/publish/ndjson-export.ts';
import { toCsv, toJson } from '../../src/quality/export.ts';
import { loadReport } from '../../src/quality/report.ts';
import { RESOURCES } from '../../src/simulator/resources.ts';
import { buildTenant } from '../../src/simulator/tenant-plan.ts';
import type { Store } from '../../src/store/index.ts';
import { startExport } from '../../src/temporal/start-export.ts';
import { testDatabases } from '../support/databases.ts';
import { exportFixture, type ExportFixture } from '../support/export-fixture.ts';
import { decodedHistoryText } from '../support/history.ts';

type Json = Record<string, unknown>;
interface Truth {
  /** Persons with an enrolment or duty active on the run date. */
  current: number;
  currentWithoutEmail: number;
  /** Current persons whose school-first email another current person has too. */
  currentWithSharedEmail: number;
  civicNos: { value: string; marked: boolean; current: boolean }[];
}

/** Ground truth from the simulator's own records (read, not re-implemented mapping): what the report must say. */
function simulatorTruth(fx: ExportFixture, size: 'small'): Truth {
  const t = buildTenant({ customerId: fx.extensId, seed: 1, size, clientId: 'c', clientSecret: 's', referenceDate: fx.runDate });
  const active = (x: Json) => (x.startDate as string) <= fx.runDate && (x.endDate === undefined || fx.runDate <= (x.endDate as string));
  const staff = new Set<string>();
  for (let i = 0; i < RESOURCES.duties.count(t); i++) {
    const d = RESOURCES.duties.render(t, i, new Set());
    if (active(d)) staff.add((d.person as Json).id as string);
  }
  const emails = new Map<string, number>();
  const rows: { current: boolean; email: string | null; civicNo: string; marked: boolean }[] = [];
  for (let i = 0; i < RESOURCES.persons.count(t); i++) {
    const p = RESOURCES.persons.render(t, i, new Set());
    const current = ((p.enrolments as Json[] | undefined) ?? []).some(active) || staff.has(p.id as string);
    const list = (p.emails as { type: string; value: string }[] | undefined) ?? [];
    const email = (list.find((e) => e.type.startsWith('Skola')) ?? list[0])?.value.toLowerCase() ?? null;
    if (current && email) emails.set(email, (emails.get(email) ?? 0) + 1);
    rows.push({ current, email, civicNo: (p.civicNo as { value: string }).value, marked: p.securityMarking !== 'Ingen' });
  }
  const cur = rows.filter((r) => r.current);
  return {
    current: cur.length,
    currentWithoutEmail: cur.filter((r) => r.email === null).length,
    currentWithSharedEmail: cur.filter((r) => r.email !== null && (emails.get(r.email) ?? 0) > 1).length,
    civicNos: rows.map((r) => ({ value: r.civicNo, marked: r.marked, current: r.current })),
  };
}

/** The store, with every staged page's records also kept as text: staging is dropped when the run ends. */
function recordingStaging(store: Store): { store: Store; staged: string[] } {
  const staged: string[] = [];
  const staging = Object.create(store.staging) as Store['staging'];
  staging.putPage = async (...args: Parameters<Store['staging']['putPage']>) => {
    staged.push(JSON.stringify(args[3]));
    return store.staging.putPage(...args);
  };
  return { store: { ...store, staging }, staged };
}

/** Every row of every table and view in the store as text: what a database dump would show. */
async function storeText(store: Store): Promise<string> {
  const tables = await store.db.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
  let out = '';
  for (const { table_name } of tables) out += JSON.stringify(await store.db.query(`SELECT t::text AS row FROM "${table_name}" t`));
  return out;
}

const tmp: string[] = [];
after(async () => {
  for (const dir of tmp) await rm(dir, { recursive: true, force: true });
});

for (const backend of testDatabases()) {
  describe(`published model and data-quality report, store on ${backend.name}`, () => {
    for (const tier of ['bronze', 'silver'] as const) {
      it(`when a ${tier} customer is exported, then the report counts match the simulator's truth and no personnummer is stored or in history`, async () => {
        const fx = await exportFixture({ size: 'small', seed: 1, tier });
        const { store, dispose } = await backend.open();
        try {
          const recording = recordingStaging(store);
          const handle = await startExport(fx.client, fx.customerId, { taskQueue: fx.taskQueue });
          const result = await fx.withWorker(recording.store, () => handle.result());
          const stats = fx.simulator.stats(fx.extensId);
          const truth = simulatorTruth(fx, 'small');
          assert.equal(truth.current, stats.students + stats.staff, 'the truth agrees with stats()');
          assert.ok(truth.currentWithoutEmail > 0 && truth.currentWithoutEmail <= stats.personsWithoutEmail, 'some current persons lack email');

          const severity = tier === 'bronze' ? 'error' : 'warning';
          const byRule = result.issues.byRule;
          assert.equal(byRule.missing_email, truth.currentWithoutEmail);
          assert.equal(byRule.duplicate_email, truth.currentWithSharedEmail);
          assert.equal(byRule.invalid_email, 0);
          assert.equal(byRule.invalid_civic_no, 0, `the simulator's ${stats.coordinationNumbers} samordningsnummer pass the check`);
          const run = await store.runs.get(result.runId);
          assert.deepEqual((run?.issueCounts as { byRule?: unknown } | null)?.byRule, byRule, 'runs.issue_counts holds the same counts');

          const report = await loadReport(store, result.runId);
          assert.ok(report);
          assert.equal(report.rows.filter((r) => r.rule === 'missing_email' && r.severity === severity).length, truth.currentWithoutEmail);
          assert.equal(report.rows.length, result.issues.errors + result.issues.warnings);
          assert.ok(report.rows.every((r) => r.fixSv && r.fixEn));
          assert.equal(toCsv(report).trimEnd().split('\r\n').length, report.rows.length + 1);
          assert.equal(JSON.parse(toJson(report)).rows.length, report.rows.length);

          const persons = await store.snapshots.entities<Person>(result.runId, 'person');
          const dropped = truth.currentWithoutEmail + truth.currentWithSharedEmail;
          if (tier === 'bronze') {
            assert.equal(persons.length, truth.current - dropped, 'persons without a usable email are left out');
            assert.ok(persons.every((p) => p.email !== null));
          } else {
            assert.equal(persons.length, truth.current);
            assert.equal(persons.filter((p) => p.email === null).length, dropped);
          }
          const markedIds = new Set(persons.filter((p) => p.protectedIdentity).map((p) => p.id));
          assert.ok(markedIds.size > 0, 'the simulator serves persons with security marking');
          const markedRows = report.rows.filter((r) => r.entityType === 'person' && markedIds.has(r.istId ?? ''));
          assert.ok(markedRows.every((r) => r.displayName === null));

          const stored = await storeText(store);
          const staged = recording.staged.join('\n');
          assert.ok(staged.includes('civicno:v1:personnummer'), 'the staged pages were recorded');
          const history = await decodedHistoryText(handle);
          for (const { value } of truth.civicNos) {
            assert.equal(stored.includes(value), false, 'a personnummer is stored in clear');
            assert.equal(staged.includes(value), false, 'a personnummer is staged in clear');
            assert.equal(history.includes(value), false, 'a personnummer is in the history');
          }

          const dir = await mkdtemp(path.join(os.tmpdir(), 'ist-ndjson-'));
          tmp.push(dir);
          const manifest = await writeNdjsonExport(store, result.runId, dir);
          assert.equal(manifest.modelVersion, MODEL_VERSION);
          assert.equal(manifest.containsCivicNo, false);
          assert.deepEqual(Object.fromEntries(manifest.files.map((f) => [f.entityType, f.count])), await store.snapshots.counts(result.runId));
          for (const file of manifest.files) {
            const text = await readFile(path.join(dir, file.file), 'utf8');
            assert.equal(createHash('sha256').update(text).digest('hex'), file.sha256);
            assert.equal(text.trimEnd().split('\n').length, file.count);
          }
          assert.deepEqual(JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')), manifest);
        } finally {
          await dispose();
        }
      });
    }

    it('when a gold customer forwards personnummer, then the store holds them encrypted, the NDJSON export in clear, and never for marked persons', async () => {
      const previousKey = process.env.CIVICNO_KEY;
      process.env.CIVICNO_KEY = randomBytes(32).toString('hex');
      const fx = await exportFixture({ size: 'small', seed: 1, tier: 'gold' });
      fx.config.customers[0]!.forwardCivicNo = true;
      fx.env.CIVICNO_KEY = process.env.CIVICNO_KEY; // the worker reads its deps' env; the NDJSON export reads process.env
      const { store, dispose } = await backend.open();
      try {
        const handle = await startExport(fx.client, fx.customerId, { taskQueue: fx.taskQueue });
        const result = await fx.withWorker(store, () => handle.result());
        const truth = simulatorTruth(fx, 'small');
        const stored = await storeText(store);
        const history = await decodedHistoryText(handle);
        for (const { value } of truth.civicNos) {
          assert.equal(stored.includes(value), false, 'a personnummer is stored in clear');
          assert.equal(history.includes(value), false, 'a personnummer is in the history');
        }
        const dir = await mkdtemp(path.join(os.tmpdir(), 'ist-ndjson-'));
        tmp.push(dir);
        const manifest = await writeNdjsonExport(store, result.runId, dir);
        assert.equal(manifest.containsCivicNo, true);
        const exported = (await readFile(path.join(dir, 'persons.ndjson'), 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as Person);
        const byValue = new Map(truth.civicNos.map((c) => [c.value, c]));
        const withCivicNo = exported.filter((p) => p.civicNo !== undefined);
        assert.equal(withCivicNo.length, exported.filter((p) => !p.protectedIdentity).length, 'every unmarked person carries a clear personnummer');
        assert.ok(withCivicNo.every((p) => byValue.get(p.civicNo!)?.marked === false));
        assert.ok(exported.some((p) => p.protectedIdentity), 'the simulator serves persons with security marking');
        assert.ok(exported.filter((p) => p.protectedIdentity).every((p) => p.civicNo === undefined));
      } finally {
        if (previousKey === undefined) delete process.env.CIVICNO_KEY;
        else process.env.CIVICNO_KEY = previousKey;
        await dispose();
      }
    });
  });
}
