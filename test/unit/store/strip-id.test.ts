import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ERASED, stripId } from '../../../src/store/erasure.ts';

describe('stripId (erase-person rewriting stored JSON)', () => {
  it('when an entity refers to the person, then the id leaves arrays, objects naming it leave lists, and texts say [erased]; other ids stay', () => {
    const id = 'a1b2-person';
    const cls = { id: 'c1', studentIds: ['x', id, 'y'], mentorIds: [id], fields: { studentIds: { before: [id, 'x'], after: ['x'] } }, refs: [{ type: 'person', id, kind: 'updated' }, { type: 'class', id: 'c1' }], note: `member ${id} unknown`, owner: id };
    assert.deepEqual(stripId(cls, id), {
      id: 'c1',
      studentIds: ['x', 'y'],
      mentorIds: [],
      fields: { studentIds: { before: ['x'], after: ['x'] } },
      refs: [{ type: 'class', id: 'c1' }],
      note: `member ${ERASED} unknown`,
      owner: null,
    });
  });
});
