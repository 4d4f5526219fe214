import type { Course, Person, School, SchoolClass, TeachingGroup } from '../../model/entities.ts';
import type { PublishedRow, PublishedStateView } from '../../store/published-state.ts';
import type { CivicNoPolicy } from '../civic-no-policy.ts';
import { activityId, activityRecord, dutyFor, dutyRecord, groupActivities, groupRecord, ownerRecord, personRecord, schoolRecord, syllabusRecord } from './render.ts';

// One table for all SS 12000 lists: each resource is a few segments, each segment a keyset-paged source
// of published rows and how one batch of rows renders into records. The generic listing in listing.ts
// walks segments and rows; single reads and lookups reuse `render` on rows fetched by id.

type Rec = Record<string, unknown>;

export interface RenderContext {
  view: PublishedStateView;
  customerName: string;
  civicNo: CivicNoPolicy;
  expand: ReadonlySet<string>;
}

export interface SourceQuery {
  after?: string;
  inclusive?: boolean;
  limit: number;
  modifiedAfter?: Date;
}

export interface Item {
  /** Order of the item inside its row ('' when the row is one item). */
  key: string;
  record: Rec;
}

export interface Segment {
  fetch(view: PublishedStateView, q: SourceQuery): Promise<PublishedRow[]>;
  /** Items of each row, in key order, same order as `rows`. */
  render(rows: PublishedRow[], ctx: RenderContext): Promise<Item[][]>;
}

export interface ResourceDef {
  segments: Segment[];
  /** `expand` values the spec lists for the resource; those we cannot fill are accepted and add nothing. */
  expands: readonly string[];
  /** Records with these ids. */
  byIds(ids: readonly string[], ctx: RenderContext): Promise<Rec[]>;
}

const GROUP_TYPES = ['class', 'teachingGroup'] as const;

async function personsByIds(view: PublishedStateView, ids: readonly string[]): Promise<Map<string, Person>> {
  if (ids.length === 0) return new Map();
  const rows = await view.rows<Person>({ entityType: 'person', ids: [...new Set(ids)] });
  return new Map(rows.map((r) => [r.id, r.content]));
}

/** Group ids each person mentors, with the group's school (for choosing the duty that carries it). */
async function mentorships(view: PublishedStateView, personIds: readonly string[]): Promise<Map<string, { groupId: string; schoolId: string }[]>> {
  const out = new Map<string, { groupId: string; schoolId: string }[]>();
  if (personIds.length === 0) return out;
  const wanted = new Set(personIds);
  for (const entityType of GROUP_TYPES) {
    for (const row of await view.rows<SchoolClass>({ entityType, mentoredBy: personIds })) {
      for (const id of row.content.mentorIds) {
        if (wanted.has(id)) (out.get(id) ?? out.set(id, []).get(id)!).push({ groupId: row.id, schoolId: row.content.schoolId });
      }
    }
  }
  return out;
}

/** Duty id → mentor group ids it carries, for these persons: each mentorship on the person's duty at the group's school. */
function mentorDuties(persons: Iterable<Person>, mentors: Map<string, { groupId: string; schoolId: string }[]>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const person of persons) {
    for (const m of mentors.get(person.id) ?? []) {
      const duty = dutyFor(person, m.schoolId);
      if (duty) (out.get(duty.dutyId) ?? out.set(duty.dutyId, []).get(duty.dutyId)!).push(m.groupId);
    }
  }
  for (const ids of out.values()) ids.sort();
  return out;
}

function rowSegment(entityType: string, render: Segment['render'], extra: { hasDuties?: boolean } = {}): Segment {
  return { fetch: (view, q) => view.rows({ entityType, ...q, ...extra }), render };
}

// --- organisations: the huvudman (from the schools' ownerId), then the schools -------------------------

const ownerSegment: Segment = {
  fetch: (view, q) => view.distinctValues('school', 'ownerId', q),
  render: async (rows, ctx) => rows.map((r) => [{ key: '', record: ownerRecord(r.id, ctx.customerName, r) }]),
};
const schoolSegment = rowSegment('school', async (rows) => rows.map((r) => [{ key: '', record: schoolRecord(r as PublishedRow<School>) }]));

// --- persons ------------------------------------------------------------------------------------------

async function renderPersons(rows: PublishedRow[], ctx: RenderContext): Promise<Item[][]> {
  const persons = rows as PublishedRow<Person>[];
  const wantDuties = ctx.expand.has('duties');
  const wantGroups = ctx.expand.has('groupMemberships');
  const mentors = wantDuties ? mentorDuties(persons.map((r) => r.content), await mentorships(ctx.view, persons.filter((r) => r.content.duties.length > 0).map((r) => r.id))) : new Map<string, string[]>();
  const groups = new Map<string, Rec>();
  if (wantGroups) {
    const ids = [...new Set(persons.flatMap((r) => [...r.content.classIds, ...r.content.teachingGroupIds]))];
    for (const entityType of GROUP_TYPES) {
      for (const g of await ctx.view.rows<SchoolClass>({ entityType, ids })) {
        const { groupMemberships: _members, ...fragment } = groupRecord(g, entityType);
        groups.set(g.id, fragment);
      }
    }
  }
  return persons.map((row) => {
    const record = personRecord(row, ctx.civicNo.reveal(row.content));
    const embedded: Rec = {};
    if (wantDuties) embedded.duties = row.content.duties.map((d) => dutyRecord(row, d, mentors.get(d.dutyId) ?? []));
    if (wantGroups) {
      const ids = [...new Set([...row.content.classIds, ...row.content.teachingGroupIds])].sort();
      embedded.groupMemberships = ids.flatMap((id) => (groups.has(id) ? [{ group: groups.get(id) }] : []));
    }
    return [{ key: '', record: Object.keys(embedded).length ? { ...record, _embedded: embedded } : record }];
  });
}

// --- duties: each published person's duties, in (person id, duty id) order ------------------------------

async function renderDuties(rows: PublishedRow[], ctx: RenderContext): Promise<Item[][]> {
  const persons = rows as PublishedRow<Person>[];
  const mentors = mentorDuties(persons.map((r) => r.content), await mentorships(ctx.view, persons.map((r) => r.id)));
  const withPerson = ctx.expand.has('person');
  return persons.map((row) =>
    row.content.duties.map((d) => {
      const record = dutyRecord(row, d, mentors.get(d.dutyId) ?? []);
      return { key: d.dutyId, record: withPerson ? { ...record, _embedded: { person: personRecord(row, ctx.civicNo.reveal(row.content)) } } : record };
    }),
  );
}

// --- groups: classes (Klass), then teaching groups (Undervisning) ---------------------------------------

function renderGroups(kind: 'class' | 'teachingGroup'): Segment['render'] {
  return async (rows, ctx) => {
    const groups = rows as PublishedRow<SchoolClass>[];
    let roles = new Map<string, string[]>();
    if (ctx.expand.has('assignmentRoles')) {
      const persons = await personsByIds(ctx.view, groups.flatMap((g) => g.content.mentorIds));
      roles = new Map(groups.map((g) => [g.id, g.content.mentorIds.flatMap((id) => {
        const person = persons.get(id);
        const duty = person && dutyFor(person, g.content.schoolId);
        return duty ? [duty.dutyId] : [];
      })]));
    }
    return groups.map((g) => {
      const record = groupRecord(g, kind);
      const duties = roles.get(g.id);
      return [{ key: '', record: duties ? { ...record, _embedded: { assignmentRoles: duties.map((id) => ({ duty: { id }, assignmentRoleType: 'Mentor' })) } } : record }];
    });
  };
}

// --- activities: per teaching group, one per course (or one for its teachers when it has no course); per class
// taught directly (the model's class.teacherIds), one without syllabus, so the class's teachers reach partners too.

export function renderActivities(kind: 'class' | 'teachingGroup') {
  return async (rows: PublishedRow[], ctx: RenderContext): Promise<Item[][]> => {
    const groups = rows as PublishedRow<SchoolClass | TeachingGroup>[];
    const teachersOf = (g: SchoolClass | TeachingGroup) => g.teacherIds ?? [];
    const persons = await personsByIds(ctx.view, groups.flatMap((g) => teachersOf(g.content)));
    return groups.map((g) => {
      const duties = teachersOf(g.content).flatMap((id) => {
        const person = persons.get(id);
        const duty = person && dutyFor(person, g.content.schoolId);
        return person && duty ? [{ person, duty }] : [];
      });
      const activities = kind === 'teachingGroup' ? groupActivities(g.content as TeachingGroup) : duties.length > 0 ? [{ id: activityId(g.id, null), course: null }] : [];
      return activities
        .sort((a, b) => a.id.localeCompare(b.id))
        .map((activity) => {
          const record = activityRecord(g, activity, duties.map((d) => d.duty.dutyId));
          const embedded: Rec = {};
          if (ctx.expand.has('groups')) embedded.groups = [groupRecord(g, kind)];
          if (ctx.expand.has('teachers')) embedded.teachers = duties.map(({ person, duty }) => dutyRecord({ ...g, content: person }, duty, []));
          if (ctx.expand.has('syllabus') && activity.course) embedded.syllabus = syllabusRecord(activity.course, g.content.schoolType, g);
          return { key: activity.id, record: Object.keys(embedded).length ? { ...record, _embedded: embedded } : record };
        });
    });
  };
}

// --- syllabuses: the distinct courses of the teaching groups ---------------------------------------------

const syllabusSegment: Segment = {
  fetch: async (view, q) =>
    (await view.distinctElements<Course, TeachingGroup>('teachingGroup', 'courses', 'syllabusId', q)).map(({ key, element, row }) => ({
      id: key,
      content: { course: element, schoolType: row.content.schoolType },
      created: row.created,
      modified: row.modified,
    })),
  render: async (rows) =>
    rows.map((r) => {
      const { course, schoolType } = r.content as { course: Course; schoolType: string | null };
      return [{ key: '', record: syllabusRecord(course, schoolType, r) }];
    }),
};

const flat = (items: Item[][]) => items.flat().map((i) => i.record);

export const SS12000_RESOURCES: Record<string, ResourceDef> = {
  organisations: {
    segments: [ownerSegment, schoolSegment],
    expands: [],
    async byIds(ids, ctx) {
      const owners = await ctx.view.distinctValues('school', 'ownerId', { limit: ids.length, ids });
      const schools = await ctx.view.rows({ entityType: 'school', ids });
      return [...flat(await ownerSegment.render(owners, ctx)), ...flat(await schoolSegment.render(schools, ctx))];
    },
  },
  persons: {
    segments: [rowSegment('person', renderPersons)],
    expands: ['duties', 'responsibleFor', 'placements', 'ownedPlacements', 'groupMemberships'],
    byIds: async (ids, ctx) => flat(await renderPersons(await ctx.view.rows({ entityType: 'person', ids }), ctx)),
  },
  duties: {
    segments: [rowSegment('person', renderDuties, { hasDuties: true })],
    expands: ['person'],
    async byIds(ids, ctx) {
      const out: Rec[] = [];
      for (const id of new Set(ids)) {
        const rows = await ctx.view.rows({ entityType: 'person', dutyId: id });
        out.push(...flat(await renderDuties(rows, ctx)).filter((r) => r.id === id));
      }
      return out;
    },
  },
  groups: {
    segments: [rowSegment('class', renderGroups('class')), rowSegment('teachingGroup', renderGroups('teachingGroup'))],
    expands: ['assignmentRoles'],
    async byIds(ids, ctx) {
      const out: Rec[] = [];
      for (const kind of GROUP_TYPES) out.push(...flat(await renderGroups(kind)(await ctx.view.rows({ entityType: kind, ids }), ctx)));
      return out;
    },
  },
  activities: {
    segments: [rowSegment('class', renderActivities('class')), rowSegment('teachingGroup', renderActivities('teachingGroup'))],
    expands: ['groups', 'teachers', 'syllabus'],
    async byIds(ids, ctx) {
      const wanted = new Set(ids);
      const out: Rec[] = [];
      for (const kind of GROUP_TYPES) out.push(...flat(await renderActivities(kind)(await ctx.view.rows({ entityType: kind, activityIds: ids }), ctx)));
      return out.filter((r) => wanted.has(r.id as string));
    },
  },
  syllabuses: {
    segments: [syllabusSegment],
    expands: [],
    async byIds(ids, ctx) {
      const found = await ctx.view.distinctElements<Course, TeachingGroup>('teachingGroup', 'courses', 'syllabusId', { limit: ids.length, keys: ids });
      return found.map(({ element, row }) => syllabusRecord(element, row.content.schoolType, row));
    },
  },
};
