import { SUBJECTS_PER_CLASS } from './catalog.ts';
import { formatDay } from './dates.ts';
import { activityGroup, groupInfo } from './generate-groups.ts';
import { rint } from './prng.ts';
import { activityId, dutyId, groupId, metaFor, schoolId, syllabusId } from './refs.ts';
import { dutyInfo } from './staff.ts';
import { GROUPS_PER_CLASS } from './students.ts';
import type { Tenant } from './tenant-plan.ts';

export function activityCount(t: Tenant): number {
  return t.classes.length * SUBJECTS_PER_CLASS + t.nLangGroups;
}

/** Teacher duty indices; ~4% of activities have none, ~8% are co-taught. */
export function activityTeachers(t: Tenant, a: number): number[] {
  const g = activityGroup(t, a);
  const info = groupInfo(t, g);
  const sch = info.school;
  const pool = sch.teacherDuties;
  if (pool.length === 0 || rint(t.seed, 'act.noteacher', a, 25) === 0) return [];
  const local = g < t.nClassGroups
    ? (Math.floor(g / GROUPS_PER_CLASS) - sch.classStart) * SUBJECTS_PER_CLASS + (g % GROUPS_PER_CLASS) - 1
    : sch.classCount * SUBJECTS_PER_CLASS + (g - t.nClassGroups - sch.langStart);
  // Stride 7 spreads a teacher's groups over classes; pool < groups gives teachers several groups.
  const first = (local * 7 + rint(t.seed, 'act.offset', sch.index, pool.length)) % pool.length;
  const out = [pool[first] ?? 0];
  if (pool.length > 1 && rint(t.seed, 'act.coteach', a, 12) === 0) out.push(pool[(first + 1) % pool.length] ?? 0);
  return out;
}

export function activityRecord(t: Tenant, a: number): Record<string, unknown> {
  const g = activityGroup(t, a);
  const info = groupInfo(t, g);
  const teachers = activityTeachers(t, a).map((d) => {
    const duty = dutyInfo(t, d);
    const assignment: Record<string, unknown> = { duty: { id: dutyId(t, d) } };
    if (duty.end === undefined) assignment.startDate = formatDay(t.syStart);
    else if (duty.end >= t.syStart) Object.assign(assignment, { startDate: formatDay(t.syStart), endDate: formatDay(duty.end) });
    return assignment;
  });
  const rec: Record<string, unknown> = {
    id: activityId(t, a), meta: metaFor(t, 'activity', a), displayName: info.displayName,
    calendarEventsRequired: rint(t.seed, 'act.calendar', a, 10) !== 0,
    startDate: formatDay(t.syStart), endDate: formatDay(t.syEnd), activityType: 'Undervisning',
    groups: [{ id: groupId(t, g) }], teachers,
    organisation: { id: schoolId(t, info.school.index) },
  };
  const si = info.syllabusKey !== undefined ? t.catalogIndex.get(info.syllabusKey) : undefined;
  if (si !== undefined) rec.syllabus = { id: syllabusId(t, si) };
  return rec;
}

export function activitySyllabus(t: Tenant, a: number): number | undefined {
  const key = groupInfo(t, activityGroup(t, a)).syllabusKey;
  return key === undefined ? undefined : t.catalogIndex.get(key);
}
