import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mapCustomer, type MapOptions } from '../../../src/map/index.ts';
import type { Person, School, SchoolClass, TeachingGroup } from '../../../src/model/entities.ts';
import { RUN_DATE, sampleRecords } from '../../fixtures/ist-records.ts';

const silver: MapOptions = { window: { runDate: RUN_DATE, lookAheadDays: 0 }, emailRequired: false, forwardCivicNo: false };

function mapped(options: MapOptions = silver) {
  const result = mapCustomer(sampleRecords(), options);
  const of = <T>(type: string) => new Map(result.entities.filter((e) => e.type === type).map((e) => [e.id, e.content as T]));
  return { ...result, schools: of<School>('school'), persons: of<Person>('person'), classes: of<SchoolClass>('class'), teaching: of<TeachingGroup>('teachingGroup') };
}

describe('mapCustomer', () => {
  it('when an organisation is a school unit valid today, then it is a school with its unit code and owner', () => {
    const { schools } = mapped();
    assert.deepEqual([...schools.keys()].sort(), ['school-a', 'school-b']);
    assert.equal(schools.get('school-a')?.schoolUnitCode, '12345678');
    assert.equal(schools.get('school-a')?.ownerId, 'org-hm');
  });

  it('when a student is in two teaching groups, then the person lists both and each group lists the student', () => {
    const { persons, teaching } = mapped();
    assert.deepEqual(persons.get('p-student')?.teachingGroupIds, ['g-ma-7a', 'g-sv-7']);
    assert.ok(teaching.get('g-ma-7a')?.studentIds.includes('p-student'));
    assert.ok(teaching.get('g-sv-7')?.studentIds.includes('p-student'));
  });

  it('when a teacher has two duties, then both schools and titles are kept and ended duties are not', () => {
    const teacher = mapped().persons.get('p-teacher');
    assert.deepEqual(teacher?.roles, ['staff']);
    assert.deepEqual(teacher?.schoolIds, ['school-a', 'school-b']);
    assert.deepEqual(teacher?.duties.map((d) => [d.dutyId, d.title]), [
      ['d-teacher-a', 'Lärare Ma/NO åk 7-9'],
      ['d-teacher-b', 'Förstelärare'],
    ]);
  });

  it('when an activity names duties, then the teaching group gets the persons behind them and the course', () => {
    const { teaching, persons } = mapped();
    assert.deepEqual(teaching.get('g-ma-7a')?.teacherIds, ['p-teacher']);
    assert.equal(teaching.get('g-ma-7a')?.courses[0]?.subjectCode, 'MA');
    assert.deepEqual(persons.get('p-teacher')?.teachingGroupIds, ['g-ma-7a', 'g-sv-7']);
  });

  it('when a membership or enrolment has ended, then it is not published', () => {
    const { classes, persons, issues } = mapped();
    assert.deepEqual(classes.get('g-class-7a')?.studentIds, ['p-no-email', 'p-student']);
    assert.deepEqual(persons.get('p-student')?.schoolIds, ['school-a']);
    assert.equal(persons.has('p-left'), false);
    assert.ok(issues.some((i) => i.rule === 'person_without_school_relation' && i.istId === 'p-left'));
  });

  it('when a person has no email on silver, then the person is published and a warning is reported', () => {
    const { persons, issues } = mapped();
    assert.equal(persons.get('p-no-email')?.email, null);
    assert.deepEqual(issues.filter((i) => i.rule === 'missing_email').map((i) => [i.istId, i.severity]), [['p-no-email', 'warning']]);
  });

  it('when a person has no email on bronze, then the person and their memberships are left out with an error', () => {
    const { persons, classes, issues } = mapped({ ...silver, emailRequired: true });
    assert.equal(persons.has('p-no-email'), false);
    assert.deepEqual(classes.get('g-class-7a')?.studentIds, ['p-student']);
    assert.deepEqual(issues.filter((i) => i.rule === 'missing_email').map((i) => i.severity), ['error']);
  });

  it('when school and private emails exist, then the school email is chosen', () => {
    assert.equal(mapped().persons.get('p-student')?.email, 'asa.oberg@elev.exempel.se');
  });

  it('when references point nowhere, then each is reported by rule and IST id', () => {
    const rules = mapped().issues.map((i) => `${i.rule}:${i.istId}`);
    assert.ok(rules.includes('group_member_unknown:g-ma-7a'));
    assert.ok(rules.includes('activity_duty_unknown:a-sv'));
    assert.ok(rules.includes('duty_without_person:d-orphan'));
    assert.ok(rules.includes('teaching_group_without_teacher:g-empty'));
  });

  it('when forwardCivicNo is off, then no personnummer is in the output; when on, it is', () => {
    assert.equal(JSON.stringify(mapped().entities).includes('201001012383'), false);
    assert.equal(mapped({ ...silver, forwardCivicNo: true }).persons.get('p-student')?.civicNo, '201001012383');
  });
});
