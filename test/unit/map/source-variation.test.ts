// Issue 11: what real SS 12000 servers send beyond our simulator's shape, mapped and reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkRecords } from '../../../src/ist/records.ts';
import type { IstRecords } from '../../../src/map/index.ts';
import { SourceFindingCollector, sourceFindings } from '../../../src/map/source-findings.ts';
import type { IstResourceName } from '../../../src/ist/resources.ts';
import { sampleRecords } from '../../fixtures/ist-records.ts';
import { findings, mapped, silver } from './helpers.ts';

/** The sample with every date SS 12000 requires dropped, as Skolverket's reference server sends it. */
function withoutDates(): IstRecords {
  const r = sampleRecords();
  const drop = <T extends { startDate?: string; endDate?: string }>(x: T): T => {
    const { startDate: _s, endDate: _e, ...rest } = x;
    return rest as T;
  };
  return {
    ...r,
    duties: r.duties.map(drop),
    groups: r.groups.map((g) => ({ ...drop(g), groupMemberships: g.groupMemberships?.map(drop) })),
    activities: r.activities.map(drop),
    persons: r.persons.map((p) => ({ ...p, enrolments: p.enrolments?.map(drop) })),
  };
}

describe('source variation (issue 11)', () => {
  it('when duties, groups and activities come without dates, then they pass the wire check and are published as open-ended', () => {
    const records = withoutDates();
    for (const resource of ['duties', 'groups', 'activities', 'persons'] as const) {
      assert.deepEqual(checkRecords(resource, records[resource]).quarantined, [], `${resource} not quarantined`);
    }
    const m = mapped(silver, records);
    assert.ok(m.persons.get('p-teacher')?.roles.includes('staff'), 'staff published');
    assert.ok(m.classes.has('g-class-7a'), 'classes published');
    assert.deepEqual(m.teaching.get('g-ma-7a')?.teacherIds, ['p-teacher'], 'teaching groups with their teachers');
  });

  it('when required dates are missing, then there is one missing_date finding per list and field, with the count and sample ids', () => {
    const m = mapped(silver, withoutDates());
    const found = m.issues.filter((i) => i.rule === 'missing_date');
    assert.deepEqual(found.map((i) => `${i.entityType}:${i.severity}:${i.istId}`).sort(), ['activity:warning:null', 'duty:warning:null', 'group:warning:null', 'person:warning:null']);
    const duties = found.find((i) => i.entityType === 'duty')!;
    assert.match(duties.detail, /^duties\.startDate missing on 4 record\(s\).*e\.g\. d-ended, d-orphan, d-teacher-a, d-teacher-b$/);
    assert.match(found.find((i) => i.entityType === 'person')!.detail, /persons\.enrolments\[\]\.startDate missing on \d+ record/);
    assert.deepEqual(mapped().issues.filter((i) => i.rule === 'missing_date'), [], 'none when the dates are there');
  });

  it('when an activity links a class to a teacher duty, then the class carries teacherIds; classes without one have no such field', () => {
    const records = sampleRecords();
    records.activities.push({ id: 'a-class', displayName: 'Klassråd 7A', groups: [{ id: 'g-class-7a' }], teachers: [{ duty: { id: 'd-teacher-a' } }], organisation: { id: 'school-a' }, startDate: '2026-08-17' });
    const m = mapped(silver, records);
    assert.deepEqual(m.classes.get('g-class-7a')?.teacherIds, ['p-teacher']);
    assert.equal('teacherIds' in (mapped().classes.get('g-class-7a') ?? {}), false);
  });

  it('when a school unit sits under a Skola below the huvudman, then ownerId is the huvudman', () => {
    const records = sampleRecords();
    records.organisations.push({ id: 'org-skola', displayName: 'Skolområde Norr', organisationType: 'Skola', parentOrganisation: { id: 'org-hm' } });
    records.organisations = records.organisations.map((o) => (o.id === 'school-a' ? { ...o, parentOrganisation: { id: 'org-skola' } } : o));
    assert.equal(mapped(silver, records).schools.get('school-a')?.ownerId, 'org-hm');
  });

  it('when records carry values outside the SS 12000 code lists, then each record is one unknown_code finding with its id', () => {
    const records = sampleRecords();
    records.duties = records.duties.map((d) => (d.id === 'd-teacher-b' ? { ...d, dutyRole: 'Elevassistent' } : d));
    records.groups = records.groups.map((g) => (g.id === 'g-empty' ? { ...g, groupType: 'Studiegrupp', schoolType: 'XX' } : g));
    const m = mapped(silver, records);
    assert.deepEqual(findings(m.issues, 'unknown_code'), ['unknown_code:d-teacher-b:warning', 'unknown_code:g-empty:warning']);
    assert.match(m.issues.find((i) => i.istId === 'g-empty' && i.rule === 'unknown_code')!.detail, /groups\.groupType "Studiegrupp".*groups\.schoolType "XX"/);
  });

  it('when a group has ended but still lists current members, then ended_group_with_members names it', () => {
    const records = sampleRecords();
    records.groups.push({ id: 'g-old', displayName: '6A', groupType: 'Klass', organisation: { id: 'school-a' }, startDate: '2025-08-17', endDate: '2026-06-10', groupMemberships: [{ person: { id: 'p-student' } }, { person: { id: 'p-left' }, endDate: '2026-06-10' }] });
    const m = mapped(silver, records);
    assert.deepEqual(findings(m.issues, 'ended_group_with_members'), ['ended_group_with_members:g-old:warning']);
    assert.match(m.issues.find((i) => i.rule === 'ended_group_with_members')!.detail, /ended 2026-06-10 but 1 membership/);
    assert.equal(m.classes.has('g-old'), false);
  });

  it('when an optional list was not served, then the run reports list_not_served and teaching groups carry no courses', () => {
    const records = { ...sampleRecords(), syllabuses: [] };
    const m = mapped({ ...silver, listsNotServed: [{ resource: 'syllabuses', said: 'text: Not Found' }] }, records);
    assert.deepEqual(findings(m.issues, 'list_not_served'), ['list_not_served:null:warning']);
    assert.deepEqual(m.teaching.get('g-ma-7a')?.courses, []);
    assert.deepEqual(findings(m.issues, 'activity_syllabus_unknown'), [], 'no finding per activity pointing into the missing list');
  });

  it('when the lists are fed a page at a time (the streaming mapping), then missing_date and unknown_code findings equal those over whole lists', () => {
    const records = withoutDates();
    records.duties = records.duties.map((d) => (d.id === 'd-teacher-b' ? { ...d, dutyRole: 'Elevassistent' } : d));
    records.groups = records.groups.map((g) => (g.id === 'g-empty' ? { ...g, groupType: 'Studiegrupp' } : g));
    records.persons = records.persons.map((p) => (p.id === 'p-dup-1' ? { ...p, emails: [{ type: 'Skola övrigt', value: 'x@example.com' }] } : p));
    const whole = sourceFindings(records);
    assert.ok(whole.some((i) => i.rule === 'missing_date') && whole.some((i) => i.rule === 'unknown_code'), 'both kinds are there to compare');
    for (const pageSize of [1, 2, 3]) {
      const paged = new SourceFindingCollector();
      // Persons last, as the streaming mapping reads them: the order of the report must not depend on it.
      for (const resource of ['organisations', 'duties', 'groups', 'activities', 'syllabuses', 'persons'] as IstResourceName[]) {
        const list = records[resource] as unknown[];
        for (let i = 0; i < list.length; i += pageSize) paged.add(resource, list.slice(i, i + pageSize));
      }
      assert.deepEqual(paged.result(), whole, `pages of ${pageSize}`);
    }
  });
});
