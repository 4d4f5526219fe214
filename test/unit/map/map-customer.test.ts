import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mapped, silver } from './helpers.ts';

describe('mapCustomer: the published model', () => {
  it('when an organisation is a school unit valid today, then it is a school with its unit code, owner and dates', () => {
    const { schools } = mapped();
    assert.deepEqual([...schools.keys()].sort(), ['school-a', 'school-b']);
    assert.equal(schools.get('school-a')?.schoolUnitCode, '12345678');
    assert.equal(schools.get('school-a')?.ownerId, 'org-hm');
    assert.equal(schools.get('school-a')?.endDate, null);
  });

  it('when a student is in two teaching groups, then the person lists both and each group lists the student', () => {
    const { persons, teaching } = mapped();
    assert.deepEqual(persons.get('p-student')?.teachingGroupIds, ['g-ma-7a', 'g-sv-7']);
    assert.ok(teaching.get('g-ma-7a')?.studentIds.includes('p-student'));
    assert.ok(teaching.get('g-sv-7')?.studentIds.includes('p-student'));
  });

  it('when a student is enrolled, then the enrolment carries school, year, type, programme and dates, and the class is listed', () => {
    const student = mapped().persons.get('p-student');
    assert.deepEqual(student?.enrolments, [{ schoolId: 'school-a', schoolYear: 7, schoolType: 'GR', programme: null, startDate: '2026-08-17', endDate: null }]);
    assert.deepEqual(student?.classIds, ['g-class-7a']);
    assert.deepEqual(student?.roles, ['student']);
  });

  it('when a teacher has two duties, then both schools and titles (befattning) are kept and ended duties are not', () => {
    const teacher = mapped().persons.get('p-teacher');
    assert.deepEqual(teacher?.roles, ['staff']);
    assert.deepEqual(teacher?.schoolIds, ['school-a', 'school-b']);
    assert.deepEqual(
      teacher?.duties.map((d) => [d.dutyId, d.role, d.title, d.signature, d.startDate]),
      [
        ['d-teacher-a', 'Lärare', 'Lärare Ma/NO åk 7-9', 'GSJ', '2020-08-01'],
        ['d-teacher-b', 'Förstelärare', 'Förstelärare', 'GSJ', '2022-08-01'],
      ],
    );
  });

  it('when an activity names duties, then the teaching group gets the persons behind them and the course', () => {
    const { teaching, persons } = mapped();
    assert.deepEqual(teaching.get('g-ma-7a')?.teacherIds, ['p-teacher']);
    assert.deepEqual(teaching.get('g-ma-7a')?.courses, [{ syllabusId: 'syl-ma', subjectCode: 'MA', subjectName: 'Matematik', courseCode: null, courseName: null }]);
    assert.deepEqual(persons.get('p-teacher')?.teachingGroupIds, ['g-ma-7a', 'g-sv-7']);
  });

  it('when a duty has a valid Mentor assignment role, or a group an embedded one, then the group lists the mentor; ended or other roles do not count', () => {
    const { classes, teaching } = mapped();
    assert.deepEqual(classes.get('g-class-7a')?.mentorIds, ['p-teacher']);
    assert.deepEqual(teaching.get('g-sv-7')?.mentorIds, ['p-teacher']);
    assert.deepEqual(teaching.get('g-ma-7a')?.mentorIds, []);
  });

  it('when a membership or enrolment has ended, then it is not published and counted as not current rather than reported', () => {
    const { classes, persons, issues, skipped } = mapped();
    assert.deepEqual(classes.get('g-class-7a')?.studentIds, ['p-no-email', 'p-student']);
    assert.deepEqual(persons.get('p-student')?.schoolIds, ['school-a']);
    assert.equal(persons.has('p-left'), false);
    assert.equal(issues.some((i) => i.istId === 'p-left'), false);
    assert.equal(skipped.personsNotCurrent, 2, 'p-left (ended) and p-future (starts after the run date)');
  });

  it('when an enrolment starts within the look-ahead, then the person is published; beyond it, not', () => {
    assert.equal(mapped({ ...silver, window: { ...silver.window, lookAheadDays: 4 } }).persons.has('p-future'), false);
    const ahead = mapped({ ...silver, window: { ...silver.window, lookAheadDays: 5 } });
    assert.equal(ahead.persons.get('p-future')?.enrolments[0]?.startDate, '2026-12-03');
    assert.equal(ahead.skipped.personsNotCurrent, 1);
  });

  it('when school and private emails exist, then the school email is chosen; a customer preference can put private first', () => {
    assert.equal(mapped().persons.get('p-student')?.email, 'asa.oberg@elev.exempel.se');
    const privateFirst = mapped({ ...silver, emailPreference: { student: ['Privat', 'Skola elev'], staff: ['Skola personal'] } });
    assert.equal(privateFirst.persons.get('p-student')?.email, 'asa@example.com');
  });

  it('when the model is mapped, then every entity satisfies the published zod schema', async () => {
    const { MODEL_SCHEMAS } = await import('../../../src/model/entities.ts');
    for (const entity of mapped({ ...silver, forwardCivicNo: true }).entities) MODEL_SCHEMAS[entity.type].parse(entity.content);
  });
});
