// Issue 11: the export with the real worker on a real Temporal server against an SS 12000 server
// that is not ours (test/support/variant-server.ts): plain-text 404s, no /syllabuses, no dates,
// standard base64 page tokens, a final empty page without a pageToken key, records in reverse order.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import { after, describe, it } from 'node:test';
import type { SchoolClass, School, Person, TeachingGroup } from '../../src/model/entities.ts';
import { loadReport } from '../../src/quality/report.ts';
import { startExport } from '../../src/temporal/start-export.ts';
import { RUN_DATE, realServerRecords } from '../fixtures/ist-records.ts';
import { testDatabases, withStore } from '../support/databases.ts';
import { exportFixture } from '../support/export-fixture.ts';
import { historyJson } from '../support/history.ts';
import { temporalAddress } from '../support/temporal.ts';
import { startVariantServer, type VariantServerOptions } from '../support/variant-server.ts';

const backend = testDatabases().at(-1)!; // the real Postgres under npm test

async function variantFixture(options: Partial<VariantServerOptions> = {}) {
  const server = await startVariantServer({ lists: realServerRecords() as unknown as Record<string, unknown[]>, notServed: ['syllabuses'], ...options });
  after(() => server.close());
  const fx = await exportFixture({ size: 'tiny', referenceDate: RUN_DATE }, { customer: { apiBaseUrl: server.apiBaseUrl, tokenUrl: server.tokenUrl, pageSize: 3 } });
  return { server, fx };
}

/** The failure types on the way down a failed run's cause chain. */
function failureTypes(err: unknown): string[] {
  const types: string[] = [];
  for (let e = err as { type?: string; name?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) types.push(e.type ?? e.name ?? '');
  return types;
}

function failureMessages(err: unknown): string[] {
  const messages: string[] = [];
  for (let e = err as { message?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) messages.push(e.message ?? '');
  return messages;
}

describe('an SS 12000 server unlike IST, with the real worker', () => {
  it('when the server has no /syllabuses, drops every date and pages its own way, then the run publishes staff, classes and teaching groups and reports what it lacked', async () => {
    const { server, fx } = await variantFixture();
    await withStore(backend, (store) =>
      fx.withWorker(store, async () => {
        const handle = await startExport(fx.client, fx.customerId, { taskQueue: fx.taskQueue });
        const result = await handle.result();
        // RECORD_HISTORY=<scenario> writes test/replay/histories/<scenario>.json (a list not served: notServed in the fetch result).
        if (process.env.RECORD_HISTORY) writeFileSync(path.join(import.meta.dirname, `../replay/histories/${process.env.RECORD_HISTORY}.json`), historyJson(await temporalAddress(), handle.workflowId));
        assert.equal(result.status, 'succeeded_with_warnings');
        assert.equal(result.publication?.firstSeq, 1, 'a first run without held guards publishes');
        const syllabuses = result.fetched.find((f) => f.resource === 'syllabuses');
        assert.deepEqual([syllabuses?.records, syllabuses?.notServed], [0, true]);
        assert.equal(result.fetched.reduce((n, f) => n + f.quarantined, 0), 0, 'nothing quarantined for missing dates');

        const persons = await store.snapshots.entities<Person>(result.runId, 'person');
        assert.ok(persons.find((p) => p.id === 'p-teacher')?.roles.includes('staff'), 'staff published');
        const classes = await store.snapshots.entities<SchoolClass>(result.runId, 'class');
        assert.deepEqual(classes.find((c) => c.id === 'g-class-7a')?.teacherIds, ['p-teacher'], 'the class taught directly carries its teacher');
        const groups = await store.snapshots.entities<TeachingGroup>(result.runId, 'teachingGroup');
        assert.deepEqual(groups.find((g) => g.id === 'g-ma-7a')?.teacherIds, ['p-teacher']);
        assert.deepEqual(groups.find((g) => g.id === 'g-ma-7a')?.courses, [], 'courses left empty');
        const schools = await store.snapshots.entities<School>(result.runId, 'school');
        assert.deepEqual([...new Set(schools.map((s) => s.ownerId))], ['org-hm'], 'the huvudman above the Skola level');

        const report = await loadReport(store, result.runId);
        const rules = new Set(report?.rows.map((r) => r.rule));
        assert.ok(rules.has('list_not_served') && rules.has('missing_date'), [...rules].join(' '));
        assert.equal(report?.rows.filter((r) => r.rule === 'missing_date').length, 4, 'one per list and field');
        const row = (rule: string) => report?.rows.filter((r) => r.rule === rule).map((r) => `${r.list}/${r.istId}`);
        assert.deepEqual(row('unknown_code'), ['duties/d-orphan']);
        assert.deepEqual(row('ended_group_with_members'), ['groups/g-old-6a']);
        assert.ok(row('missing_email')?.includes('persons/p-bad-email-only') && row('invalid_email')?.includes('persons/p-bad-email-only'), 'all addresses invalid: missing and invalid');

        const persons404 = server.requests.filter((r) => r.path.endsWith('/syllabuses'));
        assert.deepEqual(persons404.map((r) => r.status), [404], 'the optional list asked once, not retried');
        assert.ok(server.requests.some((r) => /pageToken=%2B%2F[^&]*%3D%3D/.test(r.query) && r.status === 200), 'standard base64 tokens sent back intact');
      }),
    );
  });

  it('when the server does not serve a list the export needs, then the run fails with IstListNotServedError naming it', async () => {
    const { fx } = await variantFixture({ notServed: ['syllabuses', 'groups'] });
    await withStore(backend, (store) =>
      fx.withWorker(store, async () => {
        const handle = await startExport(fx.client, fx.customerId, { taskQueue: fx.taskQueue });
        await assert.rejects(handle.result(), (err: unknown) => {
          assert.ok(err instanceof WorkflowFailedError);
          assert.ok(failureTypes(err).includes('IstListNotServedError'), failureTypes(err).join(' > '));
          assert.match(failureMessages(err).join(' > '), /does not serve the list groups/);
          return true;
        });
      }),
    );
  });

  it('when the server does not know the customer (every list 404, plain text), then the run fails with IstCustomerUnknownError', async () => {
    const { fx } = await variantFixture({ knows: () => false });
    await withStore(backend, (store) =>
      fx.withWorker(store, async () => {
        const handle = await startExport(fx.client, fx.customerId, { taskQueue: fx.taskQueue });
        await assert.rejects(handle.result(), (err: unknown) => {
          assert.ok(failureTypes(err).includes('IstCustomerUnknownError'), failureTypes(err).join(' > '));
          return true;
        });
      }),
    );
  });
});
