import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateGuards, type GuardInput, type ResourceOutcome } from '../../../src/diff/guards.ts';
import { durationMs, resolveThresholds } from '../../../src/diff/thresholds.ts';
import { emptyChangeCounts } from '../../../src/diff/types.ts';

const counts = (person: number, school = 10, cls = 20, tg = 40) => ({ school, person, class: cls, teachingGroup: tg });
const resources = (persons = 1000): ResourceOutcome[] => ['organisations', 'persons', 'duties', 'groups', 'activities', 'syllabuses'].map((resource) => ({ resource, records: resource === 'persons' ? persons : 50, quarantined: 0 }));

function input(over: Partial<GuardInput> = {}): GuardInput {
  return {
    firstRun: false,
    changes: emptyChangeCounts(),
    publishedCounts: counts(1000),
    snapshotCounts: counts(1000),
    resources: resources(),
    publishedRecords: { persons: 1000, organisations: 50 },
    thresholds: resolveThresholds(undefined),
    ...over,
  };
}

describe('guards', () => {
  it('when nothing changed, then the run is not held', () => {
    assert.deepEqual(evaluateGuards(input()), { held: false, firstRun: false, reasons: [], withheldDeletionTypes: [] });
  });

  it('when deletes exceed 10 percent, then the run is held on the person threshold but deletions are not withheld', () => {
    const changes = emptyChangeCounts();
    changes.person.deleted = 101;
    const verdict = evaluateGuards(input({ changes }));
    assert.equal(verdict.held, true);
    assert.deepEqual(verdict.reasons.map((r) => [r.rule, r.entityType, r.kind, r.actual]), [['threshold', 'person', 'deleted', 101]]);
    assert.deepEqual(verdict.withheldDeletionTypes, []);
  });

  it('when deletes are at 10 percent exactly, then the run is not held', () => {
    const changes = emptyChangeCounts();
    changes.person.deleted = 100;
    assert.equal(evaluateGuards(input({ changes })).held, false);
  });

  it('when deletes exceed 200 even under 10 percent, then the run is held', () => {
    const changes = emptyChangeCounts();
    changes.person.deleted = 201;
    assert.equal(evaluateGuards(input({ changes, publishedCounts: counts(100_000), snapshotCounts: counts(100_000) })).held, true);
  });

  it('when a customer sets its own limit, then it wins over the default and {} removes the limit', () => {
    const changes = emptyChangeCounts();
    changes.person.deleted = 300;
    changes.class.updated = 20;
    const thresholds = resolveThresholds({ person: { deleted: { percent: 50 } }, default: { updated: {} } });
    assert.equal(evaluateGuards(input({ changes, thresholds })).held, false);
  });

  it('when it is the first run, then thresholds are skipped', () => {
    const changes = emptyChangeCounts();
    changes.person.created = 1000;
    assert.equal(evaluateGuards(input({ changes, firstRun: true, publishedCounts: counts(0, 0, 0, 0) })).held, false);
  });

  it('when a first run has a list half quarantined, then it is held and the list\'s types are withheld', () => {
    const list = resources();
    list[1]!.quarantined = 500; // persons: 500 of 1500
    const verdict = evaluateGuards(input({ firstRun: true, resources: list, publishedCounts: counts(0, 0, 0, 0), publishedRecords: {} }));
    assert.equal(verdict.held, true);
    assert.deepEqual(verdict.reasons.map((r) => [r.rule, r.entityType, r.resource]), [['quarantine', 'person', 'persons']]);
  });

  it('when a first run has a list that failed or a required list that is empty, then it is held; an empty optional list is not', () => {
    const list = resources();
    list[0]!.failed = true; // organisations
    list[2]!.records = 0; // duties
    list[5]!.records = 0; // syllabuses: optional
    const verdict = evaluateGuards(input({ firstRun: true, resources: list, publishedCounts: counts(0, 0, 0, 0), publishedRecords: {} }));
    assert.deepEqual(verdict.reasons.map((r) => [r.rule, r.resource]), [['resource_failed', 'organisations'], ['zero_records', 'duties']]);
  });

  it('when IST returns zero persons where the last published run had some, then person deletions are withheld and the run held', () => {
    const verdict = evaluateGuards(input({ resources: resources(0) }));
    assert.equal(verdict.held, true);
    assert.deepEqual(verdict.withheldDeletionTypes, ['person']);
    assert.equal(verdict.reasons[0]?.rule, 'zero_records');
  });

  it('when the snapshot has no classes where classes are published, then class deletions are withheld', () => {
    assert.deepEqual(evaluateGuards(input({ snapshotCounts: counts(1000, 10, 0) })).withheldDeletionTypes, ['class']);
  });

  it('when a list was quarantined beyond the limit or failed, then its types are withheld', () => {
    const list = resources();
    list[3]!.quarantined = 2; // groups: 2 of 52 > 1 %
    list[0]!.failed = true; // organisations
    assert.deepEqual(evaluateGuards(input({ resources: list })).withheldDeletionTypes, ['school', 'class', 'teachingGroup']);
  });

  it('when a deadline is written with a unit, then it converts to milliseconds', () => {
    assert.deepEqual([durationMs('72h'), durationMs('30m'), durationMs('2d'), durationMs('5s')], [259_200_000, 1_800_000, 172_800_000, 5000]);
    assert.throws(() => durationMs('72'));
  });
});
