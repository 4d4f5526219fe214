import { formatDay } from './dates.ts';
import { personCore } from './people.ts';
import { dutyId, metaFor, personId, schoolId } from './refs.ts';
import { dutyInfo, nDuties, signature } from './staff.ts';
import type { Tenant } from './tenant-plan.ts';

export function dutyCount(t: Tenant): number {
  return nDuties(t);
}

export function dutyRecord(t: Tenant, d: number): Record<string, unknown> {
  const info = dutyInfo(t, d);
  const p = t.nStudents + info.staff;
  const core = personCore(t, p);
  const rec: Record<string, unknown> = {
    id: dutyId(t, d), meta: metaFor(t, 'duty', d),
    person: { id: personId(t, p), displayName: core.displayName },
    dutyAt: { id: schoolId(t, info.school.index), displayName: info.school.name },
    dutyRole: info.role, description: info.description,
    signature: signature(t, d, core.givenName, core.familyName),
    dutyPercent: info.percent, startDate: formatDay(info.start),
  };
  if (info.end !== undefined) rec.endDate = formatDay(info.end);
  return rec;
}
