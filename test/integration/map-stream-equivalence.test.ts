import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mapOptionsFor, snapshotFromStaging } from '../../activities/build-snapshot.ts';
import { parseCustomerFile } from '../../src/config/customers.ts';
import type { SimulatorSize } from '../../src/simulator/types.ts';
import { testDatabases } from '../support/databases.ts';
import { stageSimulatedTenant, storedSnapshotRows, storeWholeTenantSnapshot } from '../support/snapshot-equivalence.ts';

const RUN_DATE = '2026-03-16';
// The real server where there is one (npm test), else PGlite.
const database = testDatabases().at(-1)!;

function customerOf(tier: 'bronze' | 'silver') {
  const file = parseCustomerFile(
    { customers: [{ id: 'kommun-eq', name: 'Eq', extensId: 'EQ', tier, clientIdEnv: 'X_ID', clientSecretEnv: 'X_SECRET' }] },
    'test customers',
    {},
  );
  return file.customers[0]!;
}

describe(`streaming mapping against whole-tenant mapping (${database.name})`, () => {
  const cases: [SimulatorSize, 'bronze' | 'silver'][] = [['tiny', 'silver'], ['small', 'bronze'], ['small', 'silver'], ['medium', 'silver']];
  for (const [size, tier] of cases) {
    it(`when a ${size} tenant (${tier}) is mapped both ways, then the stored snapshots are identical: entities, hashes, findings in order, manifest`, async () => {
      const { store, dispose } = await database.open();
      try {
        const customer = customerOf(tier);
        for (const id of ['staged', 'whole']) await store.runs.begin(id, customer.id, `eq/${id}`);
        const staged = await stageSimulatedTenant(store, 'staged', size, RUN_DATE);
        assert.ok(staged > 0);
        await storeWholeTenantSnapshot(store, 'staged', 'whole', mapOptionsFor(customer, RUN_DATE, 0, {}));
        const summary = await snapshotFromStaging(store, customer, 'staged', RUN_DATE, 0, {});

        const before = await storedSnapshotRows(store, 'whole');
        const after = await storedSnapshotRows(store, 'staged');
        assert.ok(before.entities.length > 0 && before.issues.length > 0, 'the tenant has entities and findings to compare');
        assert.equal(after.entities.length, before.entities.length);
        assert.deepEqual(after.entities, before.entities);
        assert.deepEqual(after.issues, before.issues);
        assert.equal(after.manifest, before.manifest);
        assert.equal(summary.counts.person + summary.counts.school + summary.counts.class + summary.counts.teachingGroup, after.entities.length);
      } finally {
        await dispose();
      }
    });
  }
});
