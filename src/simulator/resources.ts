// Resource registry: how many records a list has, how record i renders, which expand values and
// filters the spec defines for it.
import { formatDay } from './dates.ts';
import { activityCount, activityRecord, activitySyllabus, activityTeachers } from './generate-activities.ts';
import { dutyCount, dutyRecord } from './generate-duties.ts';
import { activityGroup, groupCount, groupFragment, groupRecord } from './generate-groups.ts';
import { organisationCount, organisationRecord } from './generate-org.ts';
import { personCount, personRecord } from './generate-persons.ts';
import { syllabusCount, syllabusRecord } from './generate-syllabuses.ts';
import { dutiesOfStaff } from './staff.ts';
import { studentInfo, studentMemberships } from './students.ts';
import type { Tenant } from './tenant-plan.ts';

export type ResourceName = 'organisations' | 'persons' | 'groups' | 'duties' | 'activities' | 'syllabuses';
type Rec = Record<string, unknown>;

export interface ResourceDef {
  count(t: Tenant): number;
  render(t: Tenant, i: number, expand: ReadonlySet<string>): Rec;
  /** 'embed' values add `_embedded`; 'noop' values are accepted like IST but add nothing. */
  expands: Record<string, 'embed' | 'noop'>;
  /** Spec filter parameter names (applied by filters.ts, which also checks their values); never combined with pageToken. */
  filters: readonly string[];
}

const COMMON_FILTERS = ['meta.created.before', 'meta.created.after', 'meta.modified.before', 'meta.modified.after', 'sortkey'];
const DATE_FILTERS = ['startDate.onOrBefore', 'startDate.onOrAfter', 'endDate.onOrBefore', 'endDate.onOrAfter'];

function withEmbedded(rec: Rec, embedded: Rec): Rec {
  return Object.keys(embedded).length ? { ...rec, _embedded: embedded } : rec;
}

function personWithExpand(t: Tenant, p: number, expand: ReadonlySet<string>): Rec {
  const rec = personRecord(t, p);
  const emb: Rec = {};
  if (expand.has('duties')) {
    emb.duties = p >= t.nStudents ? dutiesOfStaff(t, p - t.nStudents).map((d) => dutyRecord(t, d)) : [];
  }
  if (expand.has('groupMemberships')) {
    emb.groupMemberships = p < t.nStudents
      ? studentMemberships(t, studentInfo(t, p)).map((m) => {
        const out: Rec = { group: groupFragment(t, m.group), startDate: formatDay(m.start) };
        if (m.end !== undefined) out.endDate = formatDay(m.end);
        return out;
      })
      : [];
  }
  return withEmbedded(rec, emb);
}

function dutyWithExpand(t: Tenant, d: number, expand: ReadonlySet<string>): Rec {
  const rec = dutyRecord(t, d);
  if (!expand.has('person')) return rec;
  const staff = d < t.nStaff ? d : (t.secondary[d - t.nStaff]?.staff ?? 0);
  return withEmbedded(rec, { person: personRecord(t, t.nStudents + staff) });
}

function activityWithExpand(t: Tenant, a: number, expand: ReadonlySet<string>): Rec {
  const rec = activityRecord(t, a);
  const emb: Rec = {};
  if (expand.has('groups')) emb.groups = [groupRecord(t, activityGroup(t, a))];
  if (expand.has('teachers')) emb.teachers = activityTeachers(t, a).map((d) => dutyRecord(t, d));
  if (expand.has('syllabus')) {
    const s = activitySyllabus(t, a);
    if (s !== undefined) emb.syllabus = syllabusRecord(t, s);
  }
  return withEmbedded(rec, emb);
}

export const RESOURCES: Record<ResourceName, ResourceDef> = {
  organisations: {
    count: organisationCount, render: (t, i) => organisationRecord(t, i), expands: {},
    filters: ['parent', 'schoolUnitCode', 'organisationCode', 'municipalityCode', 'type', 'schoolTypes', ...DATE_FILTERS, ...COMMON_FILTERS],
  },
  persons: {
    count: personCount, render: personWithExpand,
    expands: { duties: 'embed', groupMemberships: 'embed', responsibles: 'noop', responsibleFor: 'noop', placements: 'noop', ownedPlacements: 'noop' },
    filters: ['nameContains', 'civicNo', 'eduPersonPrincipalName', 'identifier.value', 'identifier.context', 'relationship.entity.type',
      'relationship.organisation', 'relationship.startDate.onOrBefore', 'relationship.startDate.onOrAfter',
      'relationship.endDate.onOrBefore', 'relationship.endDate.onOrAfter', ...COMMON_FILTERS],
  },
  duties: {
    count: dutyCount, render: dutyWithExpand, expands: { person: 'embed' },
    filters: ['organisation', 'dutyRole', 'person', ...DATE_FILTERS, ...COMMON_FILTERS],
  },
  groups: {
    count: groupCount, render: (t, i) => groupRecord(t, i), expands: { assignmentRoles: 'noop' },
    filters: ['groupType', 'schoolTypes', 'organisation', ...DATE_FILTERS, ...COMMON_FILTERS],
  },
  activities: {
    count: activityCount, render: activityWithExpand, expands: { teachers: 'embed', groups: 'embed', syllabus: 'embed' },
    filters: ['member', 'teacher', 'organisation', 'group', ...DATE_FILTERS, ...COMMON_FILTERS],
  },
  syllabuses: { count: syllabusCount, render: (t, i) => syllabusRecord(t, i), expands: {}, filters: COMMON_FILTERS },
};

export function isResourceName(s: string): s is ResourceName {
  return Object.prototype.hasOwnProperty.call(RESOURCES, s);
}
