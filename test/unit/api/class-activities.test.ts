import assert from 'node:assert/strict';
import { it } from 'node:test';
import { activityId } from '../../../src/api/ss12000/render.ts';
import { renderActivities, type RenderContext } from '../../../src/api/ss12000/resources.ts';
import type { Person, SchoolClass } from '../../../src/model/entities.ts';
import type { PublishedRow, PublishedStateView } from '../../../src/store/published-state.ts';

const at = { created: new Date('2026-01-01T00:00:00Z'), modified: new Date('2026-02-01T00:00:00Z') };
const teacher: Person = {
  id: 't1', givenName: 'Anna', familyName: 'Berg', displayName: 'Anna Berg', email: 'anna@example.org', roles: ['staff'], schoolIds: ['s1'],
  classIds: [], teachingGroupIds: [], enrolments: [], protectedIdentity: false,
  duties: [{ dutyId: 'd1', schoolId: 's1', role: 'Lärare', title: 'Lärare', signature: null, startDate: '2020-01-01', endDate: null }],
};
const klass = (id: string, teacherIds?: string[]): PublishedRow<SchoolClass> => ({
  id, ...at,
  content: { id, name: `Klass ${id}`, schoolId: 's1', schoolType: 'GR', startDate: '2026-08-01', endDate: null, studentIds: [], mentorIds: [], ...(teacherIds ? { teacherIds } : {}) } as SchoolClass,
});
// Only the person look-up is faked: the renderer asks the view for the teachers' published rows.
const view = { rows: async () => [{ id: teacher.id, content: teacher, ...at }] } as unknown as PublishedStateView;
const ctx: RenderContext = { view, customerName: 'Kommun', civicNo: { allowed: false } as never, expand: new Set(['groups']) };

it('when a class is taught directly (class.teacherIds), then partners get one activity linking the class to its teachers’ duties; a class without teachers gets none', async () => {
  const [taught, untaught] = await renderActivities('class')([klass('c1', ['t1']), klass('c2')], ctx);
  assert.equal(untaught!.length, 0);
  assert.equal(taught!.length, 1);
  const rec = taught![0]!.record;
  assert.equal(rec.id, activityId('c1', null));
  assert.deepEqual(rec.groups, [{ id: 'c1' }]);
  assert.deepEqual(rec.teachers, [{ duty: { id: 'd1' } }]);
  assert.equal('syllabus' in rec, false);
  assert.equal(((rec._embedded as { groups: { groupType: string }[] }).groups[0]!).groupType, 'Klass');
});
