// Identity of person p (names, civic number, e-mail, security marking). Persons 0..nStudents-1
// are students in class order, then staff in school order.
import { makeCivicNo } from './civic-no.ts';
import { dayOf, formatDay } from './dates.ts';
import { asciiSlug, FAMILY, GIVEN_FEMALE, GIVEN_MALE } from './names.ts';
import { pick, rint } from './prng.ts';
import { classOfStudent, type Tenant } from './tenant-plan.ts';

export interface PersonCore {
  index: number; isStudent: boolean;
  givenName: string; middleName?: string; familyName: string; displayName: string;
  sex: 'Man' | 'Kvinna'; birthDate: string; civicNo: string; coordination: boolean;
  emails: Array<{ type: string; value: string }> | undefined;  // undefined = attribute omitted
  securityMarking: 'Ingen' | 'Sekretessmarkering' | 'Skyddad folkbokföring';
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * Injective map of [0, n) into [0, m) with m a multiple of `unit` >= n: spreads a small cohort over
 * all birth days while keeping (date, serial) unique.
 */
function scatter(j: number, n: number, unit: number, seed: number): number {
  const m = unit * Math.max(1, Math.ceil(n / unit));
  let a = 7919 + (seed & 0xff);
  while (gcd(a, m) !== 1) a++;
  return (j * a + (seed >>> 0) % m) % m;
}

interface Birth { year: number; month: number; day: number; serialBase: number }

function birthOf(t: Tenant, p: number): Birth {
  let year: number;
  let rest: number;
  if (p < t.nStudents) {
    const c = classOfStudent(t, p);
    const n = t.cohortSize.get(c.cohortKey) ?? 1;
    rest = scatter(c.cohortOffset + (p - c.studentStart), n, 365, t.seed);
    year = (t.blocks[c.block]?.birthYear ?? t.syYear - 10);
  } else {
    const j = scatter(p - t.nStudents, t.nStaff, 38 * 365, t.seed);
    year = t.syYear - 26 - (j % 38);
    rest = Math.floor(j / 38);
  }
  const date = new Date((dayOf(year, 1, 1) + (rest % 365)) * 86_400_000);
  return { year, month: date.getUTCMonth() + 1, day: date.getUTCDate(), serialBase: Math.floor(rest / 365) };
}

export function personCore(t: Tenant, p: number): PersonCore {
  const isStudent = p < t.nStudents;
  const b = birthOf(t, p);
  // Distinct serialBase → disjoint v ranges; v → 100 + (37v mod 900) is injective for v < 900.
  const v = b.serialBase * 8 + rint(t.seed, 'civic.serial', p, 8);
  const serial = 100 + ((v * 37) % 900);
  const sex = serial % 2 === 1 ? 'Man' : 'Kvinna';
  const coordination = rint(t.seed, 'civic.coord', p, 100) === 0;
  const givenName = pick(t.seed, 'given', p, sex === 'Man' ? GIVEN_MALE : GIVEN_FEMALE);
  const familyName = pick(t.seed, 'family', p, FAMILY);
  const middleName = rint(t.seed, 'middle', p, 20) === 0 ? pick(t.seed, 'middle.name', p, FAMILY) : undefined;
  const sm = rint(t.seed, 'secmark', p, 1000);
  const core: PersonCore = {
    index: p, isStudent, givenName, familyName, displayName: `${givenName} ${familyName}`, sex,
    birthDate: formatDay(dayOf(b.year, b.month, b.day)),
    civicNo: makeCivicNo(b.year, b.month, b.day, serial, coordination), coordination,
    emails: emailsOf(t, p, isStudent, givenName, familyName),
    securityMarking: sm < 5 ? 'Skyddad folkbokföring' : sm < 10 ? 'Sekretessmarkering' : 'Ingen',
  };
  if (middleName) core.middleName = middleName;
  return core;
}

function emailsOf(t: Tenant, p: number, isStudent: boolean, given: string, family: string): PersonCore['emails'] {
  const r = rint(t.seed, 'email', p, 100);
  if (r === 0) return [];
  if (r <= 2) return undefined;
  const local = `${asciiSlug(given)}.${asciiSlug(family)}`;
  // The index suffix keeps addresses unique without a tenant-wide registry.
  const school = isStudent
    ? { type: 'Skola elev', value: `${local}.${p.toString(36)}@elev.${t.domain}` }
    : { type: 'Skola personal', value: `${local}.${p.toString(36)}@${t.domain}` };
  const privat = { type: 'Privat', value: `${asciiSlug(given)}${asciiSlug(family)}${rint(t.seed, 'email.priv', p, 1000)}@privat.example` };
  if (r === 3) return [privat];
  if (r <= 13) return [school, privat];
  return [school];
}

export function hasEmail(core: PersonCore): boolean {
  return (core.emails?.length ?? 0) > 0;
}
