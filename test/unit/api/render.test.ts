import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { activityId, dutyFor, dutyRecord, groupActivities, personRecord } from '../../../src/api/ss12000/render.ts';
import type { Person, TeachingGroup } from '../../../src/model/entities.ts';

const at = { created: new Date('2026-01-01T00:00:00Z'), modified: new Date('2026-02-01T00:00:00Z') };
const duty = (dutyId: string, schoolId: string) => ({ dutyId, schoolId, role: 'Lärare', title: 'Lärare', signature: null, startDate: '2020-01-01', endDate: null });
const person: Person = {
  id: 'p1', givenName: 'Anna', familyName: 'Berg', displayName: 'Anna Maria Berg', email: 'anna@example.org', roles: ['staff'], schoolIds: ['s1', 's2'],
  classIds: [], teachingGroupIds: [], enrolments: [], duties: [duty('d1', 's1'), duty('d2', 's2')], protectedIdentity: false,
};

describe('model → SS 12000 records', () => {
  it('when a person is rendered, then the middle name comes back out of the display name, the email is a school address and meta holds the publication times', () => {
    const rec = personRecord({ id: 'p1', content: person, ...at }, undefined);
    assert.equal(rec.middleName, 'Maria');
    assert.deepEqual(rec.emails, [{ value: 'anna@example.org', type: 'Skola personal' }]);
    assert.deepEqual(rec.meta, { created: '2026-01-01T00:00:00.000Z', modified: '2026-02-01T00:00:00.000Z' });
    assert.equal('civicNo' in rec, false);
  });

  it("when a mentor or teacher relation is expressed, then it sits on the person's duty at the group's school, else their first", () => {
    assert.equal(dutyFor(person, 's2')?.dutyId, 'd2');
    assert.equal(dutyFor(person, 's9')?.dutyId, 'd1');
    const rec = dutyRecord({ id: 'p1', content: person, ...at }, duty('d2', 's2'), ['g1']);
    assert.deepEqual(rec.assignmentRole, [{ group: { id: 'g1' }, assignmentRoleType: 'Mentor' }]);
    assert.equal('description' in rec, false, 'a title that is the role came from no description');
  });

  it('when a teaching group has courses, then one activity per course with stable uuid-shaped ids; teachers alone give one activity; nothing gives none', () => {
    const g = { id: 'g1', teacherIds: ['p1'], courses: [{ syllabusId: 'sy1' }, { syllabusId: 'sy2' }] } as TeachingGroup;
    assert.deepEqual(groupActivities(g).map((a) => a.id), [activityId('g1', 'sy1'), activityId('g1', 'sy2')]);
    assert.match(activityId('g1', 'sy1'), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(groupActivities({ ...g, courses: [] }).length, 1);
    assert.equal(groupActivities({ ...g, courses: [], teacherIds: [] }).length, 0);
  });
});
