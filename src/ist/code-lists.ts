// SS 12000 2.1 code lists (openapi_ss12000_version2_1_0.yaml, components.schemas.*), as lookup
// tables. The wire schemas keep enumeration fields as plain strings: a value a list does not hold
// (a newer standard, an IST extension, a typo in IST Administration) is kept as sent and reported
// once per run per field and value, never a reason to drop a record.
import type { IstResourceName } from './resources.ts';

const table = <T extends string>(values: readonly T[]): ReadonlySet<string> => new Set<string>(values);

/** Code_DutyRole. Förskolechef and Övrig pedagogisk personal are deprecated in 2.1 but still valid. */
export const DUTY_ROLES = table([
  'Rektor', 'Lärare', 'Förskollärare', 'Barnskötare', 'Bibliotekarie', 'Lärarassistent', 'Fritidspedagog', 'Annan personal',
  'Studie- och yrkesvägledare', 'Förstelärare', 'Kurator', 'Skolsköterska', 'Skolläkare', 'Skolpsykolog',
  'Speciallärare/specialpedagog', 'Skoladministratör', 'Övrig arbetsledning', 'Övrig pedagogisk personal', 'Förskolechef',
]);

/** Code_GroupType. */
export const GROUP_TYPES = table(['Undervisning', 'Klass', 'Mentor', 'Provgrupp', 'Schema', 'Avdelning', 'Personalgrupp', 'Övrigt']);

/** Code_EmailType. */
export const EMAIL_TYPES = table(['Privat', 'Skola elev', 'Skola personal', 'Arbete övrigt']);

/** Code_OrganisationType (Stadsdel is gone in 2.1). */
export const ORGANISATION_TYPES = table(['Huvudman', 'Verksamhetsområde', 'Förvaltning', 'Rektorsområde', 'Skola', 'Skolenhet', 'Varumärke', 'Bolag', 'Övrigt']);

/** Code_SchoolType. */
export const SCHOOL_TYPES = table([
  'FS', 'FKLASS', 'FTH', 'OPPFTH', 'GR', 'GRS', 'TR', 'SP', 'SAM', 'GY', 'GYS', 'VUX', 'VUXSFI', 'VUXGR', 'VUXGY',
  'VUXSARGR', 'VUXSARTR', 'VUXSARGY', 'SFI', 'SARVUX', 'SARVUXGR', 'SARVUXGY', 'KU', 'YH', 'FHS', 'STF', 'KKU', 'HS', 'ABU', 'AU',
]);

/** A value outside its code list, with how many records of the run carried it. */
export interface UnknownCode {
  /** Resource and field path with `[]` for arrays, e.g. `persons.emails[].type`. */
  field: string;
  value: string;
  records: number;
}

type Rec = Record<string, unknown>;
/** Where each list keeps coded values: field path → the values read there. */
const CODED_FIELDS: Record<IstResourceName, Array<[field: string, list: ReadonlySet<string>, read: (r: Rec) => unknown[]]>> = {
  organisations: [
    ['organisationType', ORGANISATION_TYPES, (r) => [r.organisationType]],
    ['schoolTypes[]', SCHOOL_TYPES, (r) => arr(r.schoolTypes)],
  ],
  persons: [
    ['emails[].type', EMAIL_TYPES, (r) => arr(r.emails).map((e) => (e as Rec | undefined)?.type)],
    ['enrolments[].schoolType', SCHOOL_TYPES, (r) => arr(r.enrolments).map((e) => (e as Rec | undefined)?.schoolType)],
  ],
  duties: [['dutyRole', DUTY_ROLES, (r) => [r.dutyRole]]],
  groups: [
    ['groupType', GROUP_TYPES, (r) => [r.groupType]],
    ['schoolType', SCHOOL_TYPES, (r) => [r.schoolType]],
  ],
  activities: [],
  syllabuses: [['schoolType', SCHOOL_TYPES, (r) => [r.schoolType]]],
};

const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The coded values of one record that its code lists do not hold: `field` as in UnknownCode without the resource. */
export function unknownCodesOfRecord(resource: IstResourceName, record: unknown): { field: string; value: string }[] {
  if (!record || typeof record !== 'object') return [];
  const out: { field: string; value: string }[] = [];
  for (const [field, list, read] of CODED_FIELDS[resource]) {
    const unknown = new Set(read(record as Rec).filter((v): v is string => typeof v === 'string' && !list.has(v)));
    for (const value of unknown) out.push({ field, value });
  }
  return out;
}

/** Collects unknown code values of one list; one entry per field and value. */
export class UnknownCodeCollector {
  private readonly seen = new Map<string, UnknownCode>();
  constructor(private readonly resource: IstResourceName) {}

  add(records: readonly unknown[]): void {
    for (const record of records) {
      for (const { field, value } of unknownCodesOfRecord(this.resource, record)) {
        // Keyed by the whole field (resource included), as addCounts keys what other collectors counted.
        const key = `${this.resource}.${field}\u0000${value}`;
        const entry = this.seen.get(key);
        if (entry) entry.records++;
        else this.seen.set(key, { field: `${this.resource}.${field}`, value, records: 1 });
      }
    }
  }

  /** Add counts collected elsewhere (one page's `result(Infinity)`). */
  addCounts(entries: readonly UnknownCode[]): void {
    for (const e of entries) {
      const key = `${e.field}\u0000${e.value}`;
      const entry = this.seen.get(key);
      if (entry) entry.records += e.records;
      else this.seen.set(key, { ...e });
    }
  }

  /** At most `limit` entries (most frequent first): a run summary, not a data dump. */
  result(limit = 50): UnknownCode[] {
    return [...this.seen.values()].sort((a, b) => b.records - a.records || a.field.localeCompare(b.field) || a.value.localeCompare(b.value)).slice(0, limit);
  }
}
