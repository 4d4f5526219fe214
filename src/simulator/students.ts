// Student life-cycle rules (left school, moved class, language choice) and the group memberships
// they imply. Both directions (person → memberships, group → members) go through
// studentMemberships(), so they cannot disagree.
import { SUBJECTS_PER_CLASS } from './catalog.ts';
import { rint } from './prng.ts';
import { block, blockOfLangGroup, classOfStudent, cls, type ClassPlan, type Tenant, type YearBlock } from './tenant-plan.ts';

export interface StudentInfo {
  s: number; cls: ClassPlan; block: YearBlock;
  leftDay?: number;          // enrolment and all memberships ended on this day (< ref)
  moveDay?: number;          // moved from prevClass to cls on this day (<= ref)
  prevClass?: ClassPlan;
  lang?: number;             // global language-group index
}

export interface Membership { group: number; start: number; end?: number }

export const GROUPS_PER_CLASS = 1 + SUBJECTS_PER_CLASS;

export function studentInfo(t: Tenant, s: number): StudentInfo {
  const c = classOfStudent(t, s);
  const b = block(t, c.block);
  const info: StudentInfo = { s, cls: c, block: b };
  const daysInto = t.ref - t.syStart;
  if (daysInto >= 2 && rint(t.seed, 'student.left', s, 100) === 0) {
    info.leftDay = t.syStart + 1 + rint(t.seed, 'student.leftDay', s, daysInto - 1);
  } else if (daysInto >= 2 && b.classCount >= 2 && rint(t.seed, 'student.move', s, 40) === 0) {
    info.moveDay = t.syStart + 1 + rint(t.seed, 'student.moveDay', s, daysInto - 1);
    info.prevClass = cls(t, b.classStart + ((c.index - b.classStart + 1) % b.classCount));
  }
  if (b.langCount > 0) info.lang = b.langStart + rint(t.seed, 'student.lang', s, b.langCount);
  return info;
}

export function isActiveStudent(t: Tenant, info: StudentInfo): boolean {
  return info.leftDay === undefined && t.ref >= t.syStart;
}

export function studentMemberships(t: Tenant, info: StudentInfo): Membership[] {
  // GY memberships carry the school-year end, GR ones are open-ended: clients must handle both.
  const openEnd = info.block.schoolType === 'GY' ? t.syEnd : undefined;
  const end = info.leftDay ?? openEnd;
  const start = info.moveDay ?? t.syStart;
  const out: Membership[] = [];
  const push = (group: number, s: number, e: number | undefined): void => {
    out.push(e === undefined ? { group, start: s } : { group, start: s, end: e });
  };
  for (let k = 0; k < GROUPS_PER_CLASS; k++) push(info.cls.index * GROUPS_PER_CLASS + k, start, end);
  if (info.prevClass && info.moveDay !== undefined) {
    for (let k = 0; k < GROUPS_PER_CLASS; k++) push(info.prevClass.index * GROUPS_PER_CLASS + k, t.syStart, info.moveDay - 1);
  }
  if (info.lang !== undefined) push(t.nClassGroups + info.lang, t.syStart, end);
  return out;
}

export function isActiveMembership(t: Tenant, m: Membership): boolean {
  return m.start <= t.ref && (m.end === undefined || t.ref <= m.end);
}

/** Members of a group, in student order; scans only the group's year block. */
export function groupMembers(t: Tenant, g: number): Array<Membership & { student: number }> {
  const b = g < t.nClassGroups
    ? block(t, cls(t, Math.floor(g / GROUPS_PER_CLASS)).block)
    : blockOfLangGroup(t, g - t.nClassGroups);
  const out: Array<Membership & { student: number }> = [];
  for (let s = b.studentStart; s < b.studentStart + b.studentCount; s++) {
    for (const m of studentMemberships(t, studentInfo(t, s))) {
      if (m.group === g) out.push({ ...m, student: s });
    }
  }
  return out;
}
