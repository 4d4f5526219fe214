import { dayOf, formatDay } from './dates.ts';
import { personCore, type PersonCore } from './people.ts';
import { rint } from './prng.ts';
import { metaFor, personId, schoolId } from './refs.ts';
import { studentInfo, type StudentInfo } from './students.ts';
import type { Tenant } from './tenant-plan.ts';

export function personCount(t: Tenant): number {
  return t.nStudents + t.nStaff;
}

export function personRef(t: Tenant, p: number, core?: PersonCore): { id: string; displayName: string } {
  return { id: personId(t, p), displayName: (core ?? personCore(t, p)).displayName };
}

export function personRecord(t: Tenant, p: number): Record<string, unknown> {
  const core = personCore(t, p);
  const rec: Record<string, unknown> = {
    id: personId(t, p), meta: metaFor(t, 'person', p), givenName: core.givenName,
  };
  if (core.middleName) rec.middleName = core.middleName;
  rec.familyName = core.familyName;
  rec.civicNo = { value: core.civicNo, nationality: 'SE' };
  rec.birthDate = core.birthDate;
  rec.sex = core.sex;
  rec.securityMarking = core.securityMarking;
  rec.personStatus = 'Aktiv';
  if (core.emails) rec.emails = core.emails;
  if (core.isStudent) rec.enrolments = enrolments(t, studentInfo(t, p));
  return rec;
}

function enrolments(t: Tenant, info: StudentInfo): Array<Record<string, unknown>> {
  const sch = t.schools[info.block.school];
  if (!sch) throw new Error('student without school');
  const out: Array<Record<string, unknown>> = [];
  const prev = previousSchool(t, info);
  if (prev !== undefined) {
    out.push({
      enroledAt: { id: schoolId(t, prev) }, schoolYear: info.block.year - 1, schoolType: info.block.schoolType,
      startDate: formatDay(dayOf(t.syYear - 1, 7, 1)),
      endDate: formatDay(t.syStart - 1 - rint(t.seed, 'enrol.prevEnd', info.s, 40)),
    });
  }
  const yearsHere = info.block.year - (sch.years[0] ?? info.block.year);
  const current: Record<string, unknown> = {
    enroledAt: { id: schoolId(t, sch.index) }, schoolYear: info.block.year, schoolType: info.block.schoolType,
    startDate: formatDay(prev !== undefined ? t.syStart : dayOf(t.syYear - yearsHere, 7, 1)),
  };
  if (info.leftDay !== undefined) current.endDate = formatDay(info.leftDay);
  else if (info.block.schoolType === 'GY') current.endDate = formatDay(dayOf(t.syYear + 4 - info.block.year, 6, 30));
  out.push(current);
  return out;
}

/** ~2% of students (not in the first year) came from another school of the same type this year. */
function previousSchool(t: Tenant, info: StudentInfo): number | undefined {
  if (t.schools.length < 2 || info.block.year < 2 || rint(t.seed, 'enrol.prev', info.s, 50) !== 0) return undefined;
  for (let k = 1; k < t.schools.length; k++) {
    const o = t.schools[(info.block.school + k) % t.schools.length];
    if (o && o.schoolType === info.block.schoolType && o.years.includes(info.block.year - 1)) return o.index;
  }
  return undefined;
}
