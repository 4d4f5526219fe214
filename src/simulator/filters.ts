// The spec's list filters (openapi_ss12000_version2_1_0.yaml, parameters of each GET list) so that
// clients other than ours can run against the simulator, e.g. an importer whose first request is
// `organisations?type=Huvudman`. Filters select from the rendered list; the page token pins them,
// since SS 12000 forbids repeating filters next to a pageToken. A parameter the spec does not define
// for a list, or a value outside its code list or format, answers 400 with an SS 12000 Error.
import { RequestError } from './paging.ts';
import type { ResourceName } from './resources.ts';

type Rec = Record<string, unknown>;

/** What a filter may need beyond the record: other lists of the tenant, read once per request. */
export interface FilterLookup {
  organisations(): Rec[];
  groups(): Rec[];
  /** A person rendered with `_embedded.duties` and `_embedded.groupMemberships`. */
  personExpanded(id: string): Rec | undefined;
}

/** Filter name → its values as sent (arrays repeat, or `name[]`). */
export type FilterValues = Record<string, string[]>;

interface Filter {
  /** `many`: the spec's array parameter (any value matches); `one`: a single value. */
  arity: 'one' | 'many';
  /** The spec's enumeration, when it has one. */
  values?: readonly string[];
  format?: 'date' | 'date-time';
  /** Builds the predicate once per request (lookups are read then). */
  build(values: string[], lookup: FilterLookup): (rec: Rec) => boolean;
}

const ORGANISATION_TYPES = ['Huvudman', 'Verksamhetsområde', 'Förvaltning', 'Rektorsområde', 'Skola', 'Skolenhet', 'Varumärke', 'Bolag', 'Övrigt'];
const GROUP_TYPES = ['Undervisning', 'Klass', 'Mentor', 'Provgrupp', 'Schema', 'Avdelning', 'Personalgrupp', 'Övrigt'];
const RELATIONSHIP_TYPES = ['enrolment', 'duty', 'placement.child', 'placement.owner', 'responsibleFor.enrolment', 'responsibleFor.placement', 'groupMembership'];

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const ref = (v: unknown): string | undefined => str((v as Rec | undefined)?.id);
const arr = (v: unknown): Rec[] => (Array.isArray(v) ? (v as Rec[]) : []);
const metaTime = (rec: Rec, key: 'created' | 'modified'): number => Date.parse(str((rec.meta as Rec | undefined)?.[key]) ?? '');

/** A record field equal to one of the values. */
const fieldIn = (read: (rec: Rec) => unknown): Filter['build'] => (values) => {
  const set = new Set(values);
  return (rec) => {
    const v = read(rec);
    return Array.isArray(v) ? v.some((x) => set.has(String(x))) : typeof v === 'string' && set.has(v);
  };
};

/**
 * startDate/endDate bounds. A record without the date is kept: an unset endDate is open-ended (the
 * spec: "Poster med ett endDate som ej är satt, tas alltid med"), and the same is read for startDate.
 */
const dateFilters = (prefix = ''): Record<string, Filter> => {
  const bound = (field: 'startDate' | 'endDate', cmp: (have: string, want: string) => boolean): Filter => ({
    arity: 'one',
    format: 'date',
    build: ([want = '']) => (rec) => {
      const have = str(rec[field]);
      return have === undefined || cmp(have, want);
    },
  });
  return {
    [`${prefix}startDate.onOrBefore`]: bound('startDate', (h, w) => h <= w),
    [`${prefix}startDate.onOrAfter`]: bound('startDate', (h, w) => h >= w),
    [`${prefix}endDate.onOrBefore`]: bound('endDate', (h, w) => h <= w),
    [`${prefix}endDate.onOrAfter`]: bound('endDate', (h, w) => h >= w),
  };
};

/** meta.created/modified: `before` inclusive, `after` exclusive (the spec's words). */
const META_FILTERS: Record<string, Filter> = {
  'meta.created.before': { arity: 'one', format: 'date-time', build: ([w = '']) => (rec) => metaTime(rec, 'created') <= Date.parse(w) },
  'meta.created.after': { arity: 'one', format: 'date-time', build: ([w = '']) => (rec) => metaTime(rec, 'created') > Date.parse(w) },
  'meta.modified.before': { arity: 'one', format: 'date-time', build: ([w = '']) => (rec) => metaTime(rec, 'modified') <= Date.parse(w) },
  'meta.modified.after': { arity: 'one', format: 'date-time', build: ([w = '']) => (rec) => metaTime(rec, 'modified') > Date.parse(w) },
};

/** The organisation and every unit below it (the spec: "utpekat organisationselement och dess underliggande element"). */
function orgAndBelow(ids: string[], lookup: FilterLookup): Set<string> {
  const children = new Map<string, string[]>();
  for (const o of lookup.organisations()) {
    const parent = ref(o.parentOrganisation);
    const id = str(o.id);
    if (parent && id) (children.get(parent) ?? children.set(parent, []).get(parent)!).push(id);
  }
  const out = new Set<string>();
  const queue = [...ids];
  while (queue.length) {
    const id = queue.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    queue.push(...(children.get(id) ?? []));
  }
  return out;
}

/** The relations of a person the relationship.* filters look at: type, organisation, dates. */
function relationships(person: Rec, lookup: FilterLookup): { type: string; organisation?: string; startDate?: string; endDate?: string }[] {
  const out: ReturnType<typeof relationships> = [];
  for (const e of arr(person.enrolments)) out.push({ type: 'enrolment', organisation: ref(e.enroledAt), startDate: str(e.startDate), endDate: str(e.endDate) });
  const expanded = lookup.personExpanded(str(person.id) ?? '');
  const embedded = (expanded?._embedded ?? {}) as Rec;
  for (const d of arr(embedded.duties)) out.push({ type: 'duty', organisation: ref(d.dutyAt), startDate: str(d.startDate), endDate: str(d.endDate) });
  for (const m of arr(embedded.groupMemberships)) out.push({ type: 'groupMembership', organisation: ref((m.group as Rec | undefined)?.organisation), startDate: str(m.startDate), endDate: str(m.endDate) });
  return out;
}

/** Every relationship.* filter of a request, read together: they describe one relation that must exist. */
function relationshipPredicate(filters: FilterValues, lookup: FilterLookup): ((rec: Rec) => boolean) | undefined {
  const keys = Object.keys(filters).filter((k) => k.startsWith('relationship.'));
  if (keys.length === 0) return undefined;
  const one = (k: string) => filters[k]?.[0];
  const type = one('relationship.entity.type');
  const orgs = one('relationship.organisation') ? orgAndBelow([one('relationship.organisation')!], lookup) : undefined;
  const before = (v: string | undefined, w: string | undefined) => w === undefined || v === undefined || v <= w;
  const after = (v: string | undefined, w: string | undefined) => w === undefined || v === undefined || v >= w;
  return (person) =>
    relationships(person, lookup).some(
      (r) =>
        (type === undefined || r.type === type) &&
        (orgs === undefined || (r.organisation !== undefined && orgs.has(r.organisation))) &&
        before(r.startDate, one('relationship.startDate.onOrBefore')) &&
        after(r.startDate, one('relationship.startDate.onOrAfter')) &&
        before(r.endDate, one('relationship.endDate.onOrBefore')) &&
        after(r.endDate, one('relationship.endDate.onOrAfter')),
    );
}

/** relationship.* filters are checked here and applied together by relationshipPredicate. */
const RELATIONSHIP: Record<string, Filter> = {
  'relationship.entity.type': { arity: 'one', values: RELATIONSHIP_TYPES, build: () => () => true },
  'relationship.organisation': { arity: 'one', build: () => () => true },
  'relationship.startDate.onOrBefore': { arity: 'one', format: 'date', build: () => () => true },
  'relationship.startDate.onOrAfter': { arity: 'one', format: 'date', build: () => () => true },
  'relationship.endDate.onOrBefore': { arity: 'one', format: 'date', build: () => () => true },
  'relationship.endDate.onOrAfter': { arity: 'one', format: 'date', build: () => () => true },
};

const personName = (rec: Rec): string[] => [rec.givenName, rec.middleName, rec.familyName].filter((v): v is string => typeof v === 'string');

export const LIST_FILTERS: Record<ResourceName, Record<string, Filter>> = {
  organisations: {
    parent: { arity: 'many', build: fieldIn((r) => ref(r.parentOrganisation)) },
    schoolUnitCode: { arity: 'many', build: fieldIn((r) => r.schoolUnitCode) },
    organisationCode: { arity: 'many', build: fieldIn((r) => r.organisationCode) },
    municipalityCode: { arity: 'one', build: fieldIn((r) => r.municipalityCode) },
    type: { arity: 'many', values: ORGANISATION_TYPES, build: fieldIn((r) => r.organisationType) },
    schoolTypes: { arity: 'many', build: fieldIn((r) => r.schoolTypes) },
    ...dateFilters(),
    ...META_FILTERS,
  },
  persons: {
    // Every value must occur, case-insensitively, in one of the three name fields.
    nameContains: { arity: 'many', build: (values) => (rec) => values.every((v) => personName(rec).some((n) => n.toLowerCase().includes(v.toLowerCase()))) },
    civicNo: { arity: 'one', build: fieldIn((r) => (r.civicNo as Rec | undefined)?.value) },
    eduPersonPrincipalName: { arity: 'one', build: fieldIn((r) => r.eduPersonPrincipalNames) },
    'identifier.value': { arity: 'one', build: fieldIn((r) => arr(r.externalIdentifiers).map((x) => x.value)) },
    'identifier.context': { arity: 'one', build: fieldIn((r) => arr(r.externalIdentifiers).map((x) => x.context)) },
    ...RELATIONSHIP,
    ...META_FILTERS,
  },
  duties: {
    organisation: { arity: 'one', build: ([id = ''], lookup) => { const below = orgAndBelow([id], lookup); return (r) => below.has(ref(r.dutyAt) ?? ''); } },
    dutyRole: { arity: 'one', build: fieldIn((r) => r.dutyRole) },
    person: { arity: 'one', build: fieldIn((r) => ref(r.person)) },
    ...dateFilters(),
    ...META_FILTERS,
  },
  groups: {
    groupType: { arity: 'many', values: GROUP_TYPES, build: fieldIn((r) => r.groupType) },
    schoolTypes: { arity: 'many', build: fieldIn((r) => r.schoolType) },
    organisation: { arity: 'many', build: (ids, lookup) => { const below = orgAndBelow(ids, lookup); return (r) => below.has(ref(r.organisation) ?? ''); } },
    ...dateFilters(),
    ...META_FILTERS,
  },
  activities: {
    // The spec: time limits are not applied for member and teacher.
    member: {
      arity: 'one',
      build: ([person = ''], lookup) => {
        const groups = new Set(lookup.groups().filter((g) => arr(g.groupMemberships).some((m) => ref(m.person) === person)).map((g) => str(g.id)));
        return (r) => arr(r.groups).some((g) => groups.has(ref(g)));
      },
    },
    teacher: { arity: 'one', build: fieldIn((r) => arr(r.teachers).map((t) => ref(t.duty))) },
    organisation: { arity: 'one', build: ([id = ''], lookup) => { const below = orgAndBelow([id], lookup); return (r) => below.has(ref(r.organisation) ?? ''); } },
    group: { arity: 'one', build: fieldIn((r) => arr(r.groups).map((g) => ref(g))) },
    ...dateFilters(),
    ...META_FILTERS,
  },
  syllabuses: { ...META_FILTERS },
};

/** sortkey values per list (the spec's enumerations), each as field reader and direction. */
const SORTKEYS: Record<ResourceName, Record<string, [read: (r: Rec) => string, dir: 1 | -1]>> = (() => {
  const modified: [(r: Rec) => string, -1] = [(r) => str((r.meta as Rec | undefined)?.modified) ?? '', -1];
  const f = (name: string) => (r: Rec) => str(r[name]) ?? '';
  const both = (name: string, read: (r: Rec) => string) => ({ [`${name}Asc`]: [read, 1] as [typeof read, 1], [`${name}Desc`]: [read, -1] as [typeof read, -1] });
  return {
    organisations: { ModifiedDesc: modified, DisplayNameAsc: [f('displayName'), 1] },
    persons: {
      ModifiedDesc: modified,
      DisplayNameAsc: [(r) => personName(r).join(' '), 1],
      ...both('GivenName', f('givenName')),
      ...both('FamilyName', f('familyName')),
      ...both('CivicNo', (r) => str((r.civicNo as Rec | undefined)?.value) ?? ''),
    },
    duties: { ModifiedDesc: modified, ...both('StartDate', f('startDate')) },
    groups: { ModifiedDesc: modified, DisplayNameAsc: [f('displayName'), 1], ...both('StartDate', f('startDate')), ...both('EndDate', f('endDate')) },
    activities: { ModifiedDesc: modified, DisplayNameAsc: [f('displayName'), 1] },
    syllabuses: {
      ModifiedDesc: modified,
      ...both('SubjectName', f('subjectName')),
      ...both('SubjectCode', f('subjectCode')),
      ...both('CourseName', f('courseName')),
      ...both('CourseCode', f('courseCode')),
      ...both('SubjectDesignation', f('subjectDesignation')),
    },
  };
})();

/** Whether a query parameter is one of the list's filters (or its sortkey). */
export function isListFilter(resource: ResourceName, name: string): boolean {
  const key = name.endsWith('[]') ? name.slice(0, -2) : name;
  return key === 'sortkey' || key in LIST_FILTERS[resource];
}

/** Read and check a request's filters: unknown values, formats and repeated single values answer 400. */
export function parseFilters(resource: ResourceName, query: Record<string, string | string[]>): FilterValues {
  const out: FilterValues = {};
  for (const [raw, value] of Object.entries(query)) {
    if (!isListFilter(resource, raw)) continue;
    const name = raw.endsWith('[]') ? raw.slice(0, -2) : raw;
    const values = [...(out[name] ?? []), ...(Array.isArray(value) ? value : [value])];
    if (name === 'sortkey') {
      if (values.length !== 1 || !(values[0]! in SORTKEYS[resource])) {
        throw new RequestError(400, 'invalid_filter', `sortkey must be one of ${Object.keys(SORTKEYS[resource]).join(', ')}`);
      }
      out[name] = values;
      continue;
    }
    const filter = LIST_FILTERS[resource][name]!;
    if (filter.arity === 'one' && values.length > 1) throw new RequestError(400, 'invalid_filter', `filter '${name}' takes one value`);
    for (const v of values) {
      if (filter.values && !filter.values.includes(v)) throw new RequestError(400, 'invalid_filter', `filter '${name}': '${v}' is not one of ${filter.values.join(', ')}`);
      if (filter.format === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new RequestError(400, 'invalid_filter', `filter '${name}' must be a date YYYY-MM-DD`);
      if (filter.format === 'date-time' && Number.isNaN(Date.parse(v))) throw new RequestError(400, 'invalid_filter', `filter '${name}' must be an RFC 3339 timestamp`);
    }
    out[name] = values;
  }
  return out;
}

/** Keep the records every filter admits, in the sortkey's order (stable: ties keep the list's order). */
export function applyFilters<T extends { rec: Rec }>(resource: ResourceName, entries: T[], filters: FilterValues, lookup: FilterLookup): T[] {
  const predicates = Object.entries(filters)
    .filter(([name]) => name !== 'sortkey' && !name.startsWith('relationship.'))
    .map(([name, values]) => LIST_FILTERS[resource][name]!.build(values, lookup));
  const relationship = relationshipPredicate(filters, lookup);
  if (relationship) predicates.push(relationship);
  const kept = entries.filter((e) => predicates.every((p) => p(e.rec)));
  const sort = filters.sortkey?.[0] ? SORTKEYS[resource][filters.sortkey[0]] : undefined;
  if (!sort) return kept;
  const [read, dir] = sort;
  return kept.map((e, i) => ({ e, i })).sort((a, b) => dir * read(a.e.rec).localeCompare(read(b.e.rec), 'sv') || a.i - b.i).map(({ e }) => e);
}
