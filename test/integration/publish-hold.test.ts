import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { publishRun } from '../../src/publish/publish.ts';
import { zeroStudents } from '../../src/simulator/mutations.ts';
import { changesSince } from '../../src/store/publications.ts';
import { APPROVE_UPDATE, PROGRESS_QUERY, REJECT_UPDATE, SEARCH_ATTRIBUTES, type DecisionInput, type DecisionResult, type ExportProgress } from '../../workflows/contract.ts';
import type { Store } from '../../src/store/index.ts';
import { testDatabases, withStore } from '../support/databases.ts';
import { exportFixture, type ExportFixture } from '../support/export-fixture.ts';
import { startRun, totalChanges, waitUntilHeld } from './publish-support.ts';

const decision: DecisionInput = { version: 1, by: 'driftansvarig', reason: 'IST returned no students tonight' };

/** A tiny customer with one published run, whose source then loses every student. */
async function publishedThenNoStudents(fx: ExportFixture) {
  const baseline = await (await startRun(fx)).result();
  fx.simulator.mutate(fx.extensId, [zeroStudents()]);
  return baseline;
}

type Baseline = Awaited<ReturnType<typeof publishedThenNoStudents>>;

/** The baseline run is still the current publication and nothing was published after it. */
async function assertNothingPublishedSince(store: Store, fx: ExportFixture, baseline: Baseline): Promise<void> {
  assert.equal((await store.publications.current(fx.customerId))?.runId, baseline.runId);
  assert.deepEqual(await changesSince(store, fx.customerId, baseline.publication!.lastSeq), []);
}

for (const backend of testDatabases()) {
  describe(`approval hold on a real Temporal server, store on ${backend.name}`, () => {
    it('when the source returns zero students, then the run is held with nothing published; when rejected, then the previous snapshot stays current', async () => {
      const fx = await exportFixture({ size: 'tiny', seed: 5 });
      await withStore(backend, (store) =>
        fx.withWorker(store, async () => {
          const baseline = await publishedThenNoStudents(fx);
          const handle = await startRun(fx);
          const preview = await waitUntilHeld(handle);
          const students = fx.simulator.stats(fx.extensId).students;
          assert.equal(preview.changes.person.deleted, students);
          assert.ok(preview.guard.reasons.some((r) => r.rule === 'threshold' && r.entityType === 'person' && r.kind === 'deleted'));
          assert.ok(preview.refs.some((r) => r.entityType === 'person' && r.kind === 'deleted'));
          assert.equal((await handle.query<ExportProgress>(PROGRESS_QUERY)).status, 'awaiting_approval');
          assert.equal((await handle.describe()).typedSearchAttributes.get(SEARCH_ATTRIBUTES.runStatus), 'awaiting_approval');
          const runId = preview.runId;
          const held = await store.runs.get(runId);
          assert.equal(held?.status, 'awaiting_approval');
          assert.equal(held?.counts?.person, (await store.snapshots.counts(runId)).person, 'a held run shows its counts');
          assert.ok(held?.issueCounts !== null, 'a held run shows its data-quality counts');
          await assertNothingPublishedSince(store, fx, baseline);

          const answer = await handle.executeUpdate<DecisionResult, [DecisionInput]>(REJECT_UPDATE, { args: [decision] });
          assert.deepEqual(answer, { version: 1, runId, decision: 'rejected' });
          const result = await handle.result();
          assert.equal(result.status, 'rejected');
          const run = await store.runs.get(runId);
          assert.deepEqual([run?.status, run?.decision?.by, run?.publishedAt], ['rejected', 'driftansvarig', null]);
          await assertNothingPublishedSince(store, fx, baseline);
          assert.deepEqual(await store.publications.publishedCounts(fx.customerId), baseline.counts);
        }),
      );
    });

    it('when a held run is approved, then its deletions are published and it ends approved', async () => {
      const fx = await exportFixture({ size: 'tiny', seed: 6 });
      await withStore(backend, (store) =>
        fx.withWorker(store, async () => {
          const baseline = await publishedThenNoStudents(fx);
          const handle = await startRun(fx);
          const preview = await waitUntilHeld(handle);
          await assert.rejects(handle.executeUpdate(APPROVE_UPDATE, { args: [{ version: 1, by: '', reason: '' }] }), 'a decision without who and why is refused');
          await handle.executeUpdate<DecisionResult, [DecisionInput]>(APPROVE_UPDATE, { args: [decision] });
          const result = await handle.result();
          assert.equal(result.status, 'approved');
          assert.equal((await store.publications.current(fx.customerId))?.runId, preview.runId);
          const published = await changesSince(store, fx.customerId, baseline.publication!.lastSeq);
          assert.equal(published.length, totalChanges(preview.changes));
          assert.equal(published.filter((c) => c.entityType === 'person' && c.kind === 'deleted').length, fx.simulator.stats(fx.extensId).students);
          assert.equal((await store.runs.get(preview.runId))?.decision?.decision, 'approved');
        }),
      );
    });

    it('when a first run has a list half quarantined, then it is held (not published) although nothing was published before', async () => {
      const fx = await exportFixture({ size: 'tiny', seed: 10 }, { faults: { seed: 4, invalidRecords: { rate: 0.5, resources: ['persons'] } } });
      await withStore(backend, (store) =>
        fx.withWorker(store, async () => {
          const handle = await startRun(fx);
          const preview = await waitUntilHeld(handle);
          assert.equal(preview.firstRun, true);
          assert.deepEqual([...new Set(preview.guard.reasons.map((r) => `${r.rule}/${r.resource ?? ''}`))], ['quarantine/persons']);
          assert.equal(await store.publications.current(fx.customerId), undefined);
          await handle.executeUpdate<DecisionResult, [DecisionInput]>(REJECT_UPDATE, { args: [decision] });
          assert.equal((await handle.result()).status, 'rejected');
          assert.equal(await store.publications.current(fx.customerId), undefined);
        }),
      );
    });

    it('when nobody decides before the deadline, then the run is discarded and nothing is published', async () => {
      const fx = await exportFixture({ size: 'tiny', seed: 7 });
      fx.config.customers[0]!.approvalDeadline = '2s';
      await withStore(backend, (store) =>
        fx.withWorker(store, async () => {
          const baseline = await publishedThenNoStudents(fx);
          const result = await (await startRun(fx)).result();
          assert.equal(result.status, 'discarded');
          assert.equal((await store.runs.get(result.runId))?.status, 'discarded');
          await assertNothingPublishedSince(store, fx, baseline);
        }),
      );
    });

    it('when a run is a dry run, then it reports the diff and guard verdict and publishes nothing', async () => {
      const fx = await exportFixture({ size: 'tiny', seed: 8 });
      await withStore(backend, (store) =>
        fx.withWorker(store, async () => {
          const baseline = await publishedThenNoStudents(fx);
          const result = await (await startRun(fx, { dryRun: true })).result();
          assert.equal(result.status, 'dry_run');
          assert.equal(result.changes?.person.deleted, fx.simulator.stats(fx.extensId).students);
          assert.equal(result.publication, null);
          const run = await store.runs.get(result.runId);
          assert.deepEqual([run?.status, run?.dryRun, run?.guard?.held, run?.publishedAt], ['dry_run', true, true, null]);
          await assertNothingPublishedSince(store, fx, baseline);
        }),
      );
    });

    it('when the publish activity fails after its commit and is retried, then no change is logged twice', async () => {
      const fx = await exportFixture({ size: 'tiny', seed: 9 });
      const { store, dispose } = await backend.open();
      try {
        let attempts = 0;
        const result = await fx.withWorker(store, async () => (await startRun(fx)).result(), {
          publishRun: async (db, customerId, runId) => {
            const outcome = await publishRun(db, customerId, runId);
            if (++attempts === 1) throw new Error('worker lost after the commit');
            return outcome;
          },
        });
        assert.equal(attempts, 2);
        const entities = Object.values(result.counts).reduce((a, b) => a + b, 0);
        assert.deepEqual(result.publication, { firstSeq: 1, lastSeq: entities });
        const log = await changesSince(store, fx.customerId, 0, 100_000);
        assert.equal(log.length, entities);
        assert.equal(new Set(log.map((c) => `${c.entityType}/${c.entityId}`)).size, entities);
        assert.deepEqual(log.map((c) => c.seq), Array.from({ length: entities }, (_, i) => i + 1));
      } finally {
        await dispose();
      }
    });
  });
}
