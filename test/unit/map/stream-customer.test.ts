import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalJson } from '../../../src/model/canonical.ts';
import { StagedPersonsChangedError } from '../../../src/map/errors.ts';
import { mapCustomer, type IstRecords } from '../../../src/map/index.ts';
import { mapStagedCustomer, type MapSource } from '../../../src/map/stream-customer.ts';
import type { Entity } from '../../../src/model/entities.ts';
import { sampleRecords } from '../../fixtures/ist-records.ts';
import { silver } from './helpers.ts';

/** The sample records as staged pages of two, and the persons' first pass as the store answers it. */
function sourceOf(records: IstRecords, firstPass: IstRecords['persons'] = records.persons): MapSource {
  const pages = (list: unknown[]) => Array.from({ length: Math.ceil(list.length / 2) }, (_, i) => list.slice(i * 2, i * 2 + 2));
  return {
    async *pages(resource) {
      yield* pages(records[resource]);
    },
    async *personEmails() {
      yield* pages(firstPass.map((p) => ({ id: p.id, emails: (p.emails ?? []).map((e) => e.value) }))) as { id: string; emails: string[] }[][];
    },
  };
}

describe('streaming mapping (src/map/stream-customer.ts)', () => {
  it('when the sample records are mapped in pages of two, then the entities and findings are those of the whole-tenant mapping', async () => {
    const records = sampleRecords();
    const streamed: Entity[] = [];
    const result = await mapStagedCustomer(sourceOf(records), silver, async (entities) => void streamed.push(...entities));
    const whole = mapCustomer(records, silver);
    const text = (list: Entity[]) => list.map((e) => `${e.type} ${e.id} ${canonicalJson(e.content)}`).sort();
    assert.ok(whole.entities.length > 0);
    assert.deepEqual(text(streamed), text(whole.entities));
    assert.deepEqual(result.issues, whole.issues);
  });

  it('when the staged persons list holds a person its first pass did not see, then StagedPersonsChangedError, not groups that leave the person out', async () => {
    const records = sampleRecords();
    // A person the mapping publishes, missing from the first pass.
    const published = new Set(mapCustomer(records, silver).entities.filter((e) => e.type === 'person').map((e) => e.id));
    const position = records.persons.findIndex((p) => published.has(p.id));
    assert.ok(position >= 0);
    const firstPass = records.persons.filter((_, i) => i !== position);
    await assert.rejects(
      mapStagedCustomer(sourceOf(records, firstPass), silver, async () => {}),
      (err: unknown) => err instanceof StagedPersonsChangedError && err.position === position,
    );
  });
});
