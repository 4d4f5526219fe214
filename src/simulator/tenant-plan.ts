// The tenant "plan": small per-school / per-class tables from which every record index is resolved
// arithmetically. Its size is O(schools + classes), never O(persons) or O(memberships).
import { buildCatalog, languageKeys, SUBJECTS_PER_CLASS, type SyllabusDef } from './catalog.ts';
import { dayOf, formatDay, monthOfDay, parseDay, todayInStockholm, yearOfDay } from './dates.ts';
import { luhnCheckDigit } from './civic-no.ts';
import { MUNICIPALITIES, schoolName, type Municipality } from './names.ts';
import { pick, rint } from './prng.ts';
import type { SimulatorSize, SimulatorTenant } from './types.ts';

export type SchoolKind = 'F-6' | '7-9' | 'F-9' | 'GY';
export type SchoolType = 'GR' | 'GY';

export interface SchoolPlan {
  index: number; kind: SchoolKind; schoolType: SchoolType; name: string; unitCode: string; startDay: number;
  years: number[];
  classStart: number; classCount: number; studentStart: number; studentCount: number;
  langStart: number; langCount: number; staffStart: number; staffCount: number;
  /** Duty roles of local staff 0..specials.length-1; the remaining staff are teachers. */
  specials: string[];
  /** Duty indices that can teach here: own teachers plus second duties placed at this school. */
  teacherDuties: number[];
}

export interface YearBlock {
  index: number; school: number; schoolType: SchoolType; year: number;
  classStart: number; classCount: number; studentStart: number; studentCount: number;
  langStart: number; langKeys: string[]; langCount: number; birthYear: number;
}

export interface ClassPlan {
  index: number; block: number; school: number; name: string;
  studentStart: number; size: number; cohortOffset: number; cohortKey: string;
}

export interface SecondaryDuty { staff: number; school: number }

export interface Tenant {
  customerId: string; seed: number; size: SimulatorSize;
  ref: number; refIso: string; syStart: number; syEnd: number; syYear: number;
  municipality: Municipality; orgNumber: string; domain: string;
  schools: SchoolPlan[]; blocks: YearBlock[]; classes: ClassPlan[];
  classStudentStart: Int32Array; langBlockStart: Int32Array; langBlocks: number[]; staffSchoolStart: Int32Array;
  cohortSize: Map<string, number>;
  nStudents: number; nStaff: number; secondary: SecondaryDuty[]; secondaryByStaff: Map<number, number>;
  nClassGroups: number; nLangGroups: number; catalog: SyllabusDef[]; catalogIndex: Map<string, number>;
}

/**
 * Per size: schools, students, students per teacher, and 1 in how many plain teachers also has a duty
 * at another school. xl is a large municipality as the benchmark states it: ~135k students,
 * ~900k group memberships, ~12k staff, ~15k duties (many teachers split between schools).
 */
const SIZES: Record<SimulatorSize, { schools: number; students: number; teacherRatio?: number; secondDutyOneIn?: number }> = {
  tiny: { schools: 1, students: 40 },
  small: { schools: 3, students: 600 },
  medium: { schools: 10, students: 5000 },
  l: { schools: 30, students: 25000 },
  xl: { schools: 140, students: 137000, teacherRatio: 11.5, secondDutyOneIn: 4 },
};

const KINDS: readonly SchoolKind[] = ['F-6', '7-9', 'GY', 'F-9'];
const YEARS: Record<SchoolKind, number[]> = {
  'F-6': [1, 2, 3, 4, 5, 6], '7-9': [7, 8, 9], 'F-9': [1, 2, 3, 4, 5, 6, 7, 8, 9], GY: [1, 2, 3],
};
const GY_PROGRAMMES = ['NA', 'SA', 'TE', 'EK', 'ES'] as const;
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Staff per school = specials + one teacher per TEACHER_RATIO students (~10 students per teacher). */
const TEACHER_RATIO = 10;

function classesPerYear(t: { seed: number }, school: number, kind: SchoolKind, target: number): number {
  const base = Math.max(1, Math.round(target / (YEARS[kind].length * 25)));
  return base >= 3 ? base - 1 + rint(t.seed, 'school.cpy', school, 3) : base;
}

function lowerBound(starts: Int32Array, value: number): number {
  // Largest i with starts[i] <= value.
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function buildTenant(cfg: SimulatorTenant): Tenant {
  const seed = cfg.seed | 0;
  const refIso = cfg.referenceDate ?? todayInStockholm();
  const ref = parseDay(refIso);
  const syYear = monthOfDay(ref) >= 7 ? yearOfDay(ref) : yearOfDay(ref) - 1;
  const syStart = dayOf(syYear, 7, 1);
  const syEnd = dayOf(syYear + 1, 6, 30);
  const municipality = pick(seed, 'municipality', 0, MUNICIPALITIES);
  const orgBase = `212000${String(rint(seed, 'orgnr', 0, 1000)).padStart(3, '0')}`;
  const orgNumber = `${orgBase.slice(0, 6)}-${orgBase.slice(6)}${luhnCheckDigit(orgBase)}`;
  const sizeCfg = SIZES[cfg.size];
  if (!sizeCfg) throw new Error(`unknown simulator size '${String(cfg.size)}'`);
  const target = sizeCfg.students / sizeCfg.schools;

  const schools: SchoolPlan[] = [];
  const blocks: YearBlock[] = [];
  const classes: ClassPlan[] = [];
  const cohortSize = new Map<string, number>();
  let student = 0;
  let langGroup = 0;
  let staff = 0;
  const codeBase = 10_000_000 + rint(seed, 'unitcode', 0, 80_000_000);
  for (let si = 0; si < sizeCfg.schools; si++) {
    const tiny = cfg.size === 'tiny';
    const kind: SchoolKind = tiny ? '7-9' : (KINDS[si % KINDS.length] ?? 'F-9');
    const schoolType: SchoolType = kind === 'GY' ? 'GY' : 'GR';
    const years = tiny ? [8] : YEARS[kind];
    const cpy = tiny ? 2 : classesPerYear({ seed }, si, kind, target);
    const school: SchoolPlan = {
      index: si, kind, schoolType, name: schoolName(si, kind === 'GY'), years,
      unitCode: String(((codeBase - 10_000_000 + si * 7919) % 90_000_000) + 10_000_000),
      startDay: dayOf(1960 + rint(seed, 'school.start', si, 55), 7, 1),
      classStart: classes.length, classCount: 0, studentStart: student, studentCount: 0,
      langStart: langGroup, langCount: 0, staffStart: 0, staffCount: 0, specials: [], teacherDuties: [],
    };
    for (const year of years) {
      const keys = languageKeys(schoolType, year);
      const langCount = keys.length ? Math.max(keys.length, Math.ceil(cpy / 2)) : 0;
      const block: YearBlock = {
        index: blocks.length, school: si, schoolType, year, classStart: classes.length, classCount: cpy,
        studentStart: student, studentCount: 0, langStart: langGroup, langKeys: keys, langCount,
        birthYear: schoolType === 'GR' ? syYear - 6 - year : syYear - 15 - year,
      };
      const cohortKey = `${schoolType}:${year}`;
      for (let c = 0; c < cpy; c++) {
        const size = tiny ? 20 : 22 + rint(seed, 'class.size', classes.length, 7);
        const letter = LETTERS[c % LETTERS.length] ?? 'X';
        const name = schoolType === 'GY'
          ? `${GY_PROGRAMMES[c % GY_PROGRAMMES.length] ?? 'NA'}${String((syYear - year + 1) % 100).padStart(2, '0')}${LETTERS[Math.floor(c / GY_PROGRAMMES.length)] ?? 'X'}`
          : `${year}${letter}`;
        const cohortOffset = cohortSize.get(cohortKey) ?? 0;
        cohortSize.set(cohortKey, cohortOffset + size);
        classes.push({ index: classes.length, block: block.index, school: si, name, studentStart: student, size, cohortOffset, cohortKey });
        student += size;
        block.studentCount += size;
      }
      langGroup += langCount;
      blocks.push(block);
    }
    school.classCount = classes.length - school.classStart;
    school.studentCount = student - school.studentStart;
    school.langCount = langGroup - school.langStart;
    school.specials = ['Rektor', 'Skoladministratör', 'Kurator'];
    if (kind !== 'F-6') school.specials.push('Studie- och yrkesvägledare');
    if (school.studentCount >= 300) school.specials.push('Bibliotekarie');
    if (school.studentCount >= 400) school.specials.push('Speciallärare/specialpedagog');
    school.staffStart = staff;
    school.staffCount = school.specials.length + Math.ceil(school.studentCount / (sizeCfg.teacherRatio ?? TEACHER_RATIO));
    staff += school.staffCount;
    schools.push(school);
  }

  // Second duties: ~5% of plain teachers (xl: ~25%) also teach at another school.
  const secondary: SecondaryDuty[] = [];
  const secondaryByStaff = new Map<number, number>();
  for (const school of schools) {
    for (let local = school.specials.length; local < school.staffCount; local++) {
      const st = school.staffStart + local;
      school.teacherDuties.push(st);
      if (schools.length > 1 && !isFirstTeacher(school, local) && rint(seed, 'duty.second', st, sizeCfg.secondDutyOneIn ?? 20) === 0) {
        const other = (school.index + 1 + rint(seed, 'duty.second.school', st, schools.length - 1)) % schools.length;
        secondaryByStaff.set(st, staff + secondary.length);
        secondary.push({ staff: st, school: other });
      }
    }
  }
  secondary.forEach((d, k) => schools[d.school]?.teacherDuties.push(staff + k));

  const langBlocks = blocks.filter((b) => b.langCount > 0).map((b) => b.index);
  const catalog = buildCatalog(schools.some((s) => s.schoolType === 'GY'));
  return {
    customerId: cfg.customerId, seed, size: cfg.size, ref, refIso: formatDay(ref), syStart, syEnd, syYear,
    municipality, orgNumber, domain: `${municipality.slug}.example`,
    schools, blocks, classes,
    classStudentStart: Int32Array.from(classes.map((c) => c.studentStart)),
    langBlockStart: Int32Array.from(langBlocks.map((b) => blocks[b]?.langStart ?? 0)),
    langBlocks,
    staffSchoolStart: Int32Array.from(schools.map((s) => s.staffStart)),
    cohortSize, nStudents: student, nStaff: staff, secondary, secondaryByStaff,
    nClassGroups: classes.length * (1 + SUBJECTS_PER_CLASS), nLangGroups: langGroup,
    catalog, catalogIndex: new Map(catalog.map((d, i) => [d.key, i])),
  };
}

/** Förstelärare are every tenth teacher; they never get a second duty. */
export function isFirstTeacher(school: SchoolPlan, local: number): boolean {
  return local >= school.specials.length && (local - school.specials.length) % 10 === 4;
}

export function classOfStudent(t: Tenant, s: number): ClassPlan {
  const c = t.classes[lowerBound(t.classStudentStart, s)];
  if (!c) throw new Error(`student ${s} out of range`);
  return c;
}

export function blockOfLangGroup(t: Tenant, l: number): YearBlock {
  const b = t.blocks[t.langBlocks[lowerBound(t.langBlockStart, l)] ?? -1];
  if (!b) throw new Error(`language group ${l} out of range`);
  return b;
}

export function schoolOfStaff(t: Tenant, st: number): SchoolPlan {
  const s = t.schools[lowerBound(t.staffSchoolStart, st)];
  if (!s) throw new Error(`staff ${st} out of range`);
  return s;
}

export function school(t: Tenant, i: number): SchoolPlan {
  const s = t.schools[i];
  if (!s) throw new Error(`school ${i} out of range`);
  return s;
}

export function block(t: Tenant, i: number): YearBlock {
  const b = t.blocks[i];
  if (!b) throw new Error(`block ${i} out of range`);
  return b;
}

export function cls(t: Tenant, i: number): ClassPlan {
  const c = t.classes[i];
  if (!c) throw new Error(`class ${i} out of range`);
  return c;
}
