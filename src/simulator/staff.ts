// Duty rules: index d < nStaff is staff member d's primary duty; d >= nStaff are second duties.
import { pick, rint } from './prng.ts';
import { isFirstTeacher, school, schoolOfStaff, type SchoolPlan, type Tenant } from './tenant-plan.ts';

export interface DutyInfo {
  index: number; staff: number; school: SchoolPlan; role: string; description: string;
  start: number; end?: number; percent: number; secondary: boolean;
}

const TEACHER_TITLES: Record<SchoolPlan['kind'], readonly string[]> = {
  'F-6': ['Lärare åk 1-3', 'Lärare åk 4-6', 'Lärare F-6', 'Lärare Idrott och hälsa', 'Lärare Musik', 'Lärare Slöjd'],
  'F-9': ['Lärare åk 1-3', 'Lärare åk 4-6', 'Lärare Ma/NO åk 7-9', 'Lärare Sv/Eng åk 7-9', 'Lärare SO åk 7-9', 'Lärare Idrott och hälsa'],
  '7-9': ['Lärare Ma/NO åk 7-9', 'Lärare Sv/Eng åk 7-9', 'Lärare SO åk 7-9', 'Lärare Idrott och hälsa', 'Lärare Moderna språk', 'Lärare Hkk/Slöjd'],
  GY: ['Gymnasielärare Matematik/Fysik', 'Gymnasielärare Svenska/Engelska', 'Gymnasielärare Samhällskunskap/Historia', 'Gymnasielärare Kemi/Biologi', 'Gymnasielärare Moderna språk', 'Gymnasielärare Idrott och hälsa'],
};

const SPECIAL_TITLES: Record<string, string> = {
  Rektor: 'Rektor', Skoladministratör: 'Skoladministratör', Kurator: 'Skolkurator',
  'Studie- och yrkesvägledare': 'Studie- och yrkesvägledare', Bibliotekarie: 'Skolbibliotekarie',
  'Speciallärare/specialpedagog': 'Specialpedagog',
};

export function nDuties(t: Tenant): number {
  return t.nStaff + t.secondary.length;
}

export function dutyInfo(t: Tenant, d: number): DutyInfo {
  const secondary = d >= t.nStaff;
  const sec = secondary ? t.secondary[d - t.nStaff] : undefined;
  if (secondary && !sec) throw new Error(`duty ${d} out of range`);
  const staff = sec ? sec.staff : d;
  const home = schoolOfStaff(t, staff);
  const at = sec ? school(t, sec.school) : home;
  const local = staff - home.staffStart;
  const role = sec ? 'Lärare' : (home.specials[local] ?? (isFirstTeacher(home, local) ? 'Förstelärare' : 'Lärare'));
  const title = pick(t.seed, 'duty.title', d, TEACHER_TITLES[at.kind]);
  const description = role === 'Lärare' ? title
    : role === 'Förstelärare' ? title.replace(/^(Gymnasie)?[Ll]ärare/, 'Förstelärare')
      : (SPECIAL_TITLES[role] ?? role);
  // Started at least 100 days before ref so an ended duty can always end after it started.
  const start = t.ref - 100 - rint(t.seed, 'duty.start', d, 4000);
  const info: DutyInfo = {
    index: d, staff, school: at, role, description, start, secondary,
    percent: sec ? pick(t.seed, 'duty.pct2', d, [20, 30, 40]) : pick(t.seed, 'duty.pct', d, [100, 100, 100, 100, 80, 75, 50]),
  };
  if (role !== 'Rektor' && rint(t.seed, 'duty.ended', d, 50) === 0) {
    info.end = t.ref - 1 - rint(t.seed, 'duty.end', d, 90);
  }
  return info;
}

export function dutiesOfStaff(t: Tenant, staff: number): number[] {
  const second = t.secondaryByStaff.get(staff);
  return second === undefined ? [staff] : [staff, second];
}

export function isActiveDuty(t: Tenant, d: DutyInfo): boolean {
  return d.start <= t.ref && (d.end === undefined || t.ref <= d.end);
}

/** Signature like "ALI" or "ANLI"; collisions are fine, real schools have them too. */
export function signature(t: Tenant, d: number, given: string, family: string): string {
  const g = given.toUpperCase();
  const f = family.toUpperCase();
  return rint(t.seed, 'duty.sig', d, 2) === 0 ? g.slice(0, 1) + f.slice(0, 2) : g.slice(0, 2) + f.slice(0, 2);
}
