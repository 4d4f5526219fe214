import { classSubjects, subjectLabel, SUBJECTS_PER_CLASS } from './catalog.ts';
import { formatDay } from './dates.ts';
import { personRef } from './generate-persons.ts';
import { groupId, metaFor, schoolId } from './refs.ts';
import { GROUPS_PER_CLASS, groupMembers, type Membership } from './students.ts';
import { block, blockOfLangGroup, cls, school, type SchoolPlan, type Tenant } from './tenant-plan.ts';

export interface GroupInfo {
  index: number; school: SchoolPlan; groupType: 'Klass' | 'Undervisning'; displayName: string;
  syllabusKey?: string; schoolType: 'GR' | 'GY';
}

export function groupCount(t: Tenant): number {
  return t.nClassGroups + t.nLangGroups;
}

/** Groups are [class, its SUBJECTS_PER_CLASS teaching groups] per class, then language groups. */
export function groupInfo(t: Tenant, g: number): GroupInfo {
  if (g < t.nClassGroups) {
    const c = cls(t, Math.floor(g / GROUPS_PER_CLASS));
    const b = block(t, c.block);
    const k = g % GROUPS_PER_CLASS;
    const base = { index: g, school: school(t, c.school), schoolType: b.schoolType };
    if (k === 0) return { ...base, groupType: 'Klass', displayName: c.name };
    const key = classSubjects(b.schoolType, b.year)[k - 1] ?? '';
    const def = t.catalog[t.catalogIndex.get(key) ?? -1];
    return { ...base, groupType: 'Undervisning', displayName: `${def ? subjectLabel(def) : key} ${c.name}`, syllabusKey: key };
  }
  const l = g - t.nClassGroups;
  const b = blockOfLangGroup(t, l);
  const li = l - b.langStart;
  const key = b.langKeys[li % b.langKeys.length] ?? '';
  const def = t.catalog[t.catalogIndex.get(key) ?? -1];
  const n = Math.floor(li / b.langKeys.length) + 1;
  return {
    index: g, school: school(t, b.school), schoolType: b.schoolType, groupType: 'Undervisning', syllabusKey: key,
    displayName: `${def ? subjectLabel(def) : key} åk ${b.year}${n > 1 ? ` grp ${n}` : ''}`,
  };
}

/** GroupFragment: the group without memberships (as embedded in persons). */
export function groupFragment(t: Tenant, g: number): Record<string, unknown> {
  const info = groupInfo(t, g);
  return {
    id: groupId(t, g), meta: metaFor(t, 'group', g), displayName: info.displayName,
    startDate: formatDay(t.syStart), endDate: formatDay(t.syEnd), groupType: info.groupType,
    schoolType: info.schoolType, organisation: { id: schoolId(t, info.school.index) },
  };
}

export function membershipJson(t: Tenant, m: Membership & { student: number }): Record<string, unknown> {
  const out: Record<string, unknown> = { person: personRef(t, m.student), startDate: formatDay(m.start) };
  if (m.end !== undefined) out.endDate = formatDay(m.end);
  return out;
}

export function groupRecord(t: Tenant, g: number): Record<string, unknown> {
  return { ...groupFragment(t, g), groupMemberships: groupMembers(t, g).map((m) => membershipJson(t, m)) };
}

/** Teaching groups that get an activity: whole-class subjects, then language groups. */
export function activityGroup(t: Tenant, a: number): number {
  const nClassTg = t.classes.length * SUBJECTS_PER_CLASS;
  if (a < nClassTg) return Math.floor(a / SUBJECTS_PER_CLASS) * GROUPS_PER_CLASS + 1 + (a % SUBJECTS_PER_CLASS);
  return t.nClassGroups + (a - nClassTg);
}
