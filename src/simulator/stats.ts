// Ground truth counts from the generator's own rules: one streamed pass over students and duties,
// arithmetic for everything else.
import { activityCount } from './generate-activities.ts';
import { groupCount } from './generate-groups.ts';
import { hasEmail, personCore } from './people.ts';
import { dutyInfo, isActiveDuty, nDuties } from './staff.ts';
import { isActiveMembership, isActiveStudent, studentInfo, studentMemberships } from './students.ts';
import type { Tenant } from './tenant-plan.ts';
import type { TenantStats } from './types.ts';

export function computeStats(t: Tenant): TenantStats {
  let students = 0;
  let groupMemberships = 0;
  let activeGroupMemberships = 0;
  for (let s = 0; s < t.nStudents; s++) {
    const info = studentInfo(t, s);
    if (isActiveStudent(t, info)) students++;
    for (const m of studentMemberships(t, info)) {
      groupMemberships++;
      if (isActiveMembership(t, m)) activeGroupMemberships++;
    }
  }
  const duties = nDuties(t);
  let activeDuties = 0;
  const activeStaff = new Set<number>();
  for (let d = 0; d < duties; d++) {
    const info = dutyInfo(t, d);
    if (isActiveDuty(t, info)) {
      activeDuties++;
      activeStaff.add(info.staff);
    }
  }
  const persons = t.nStudents + t.nStaff;
  let personsWithoutEmail = 0;
  let coordinationNumbers = 0;
  for (let p = 0; p < persons; p++) {
    const core = personCore(t, p);
    if (!hasEmail(core)) personsWithoutEmail++;
    if (core.coordination) coordinationNumbers++;
  }
  const groups = groupCount(t);
  return {
    organisations: 1 + t.schools.length, schoolUnits: t.schools.length, persons,
    students, staff: activeStaff.size, duties, activeDuties,
    groups, classes: t.classes.length, teachingGroups: groups - t.classes.length,
    activities: activityCount(t), syllabuses: t.catalog.length,
    groupMemberships, activeGroupMemberships, personsWithoutEmail, coordinationNumbers,
  };
}
