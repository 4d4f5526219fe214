// The tenant as IST's ISI would deliver it: one IMS Enterprise 1.1 document, gzip-compressed, built from the same
// records the REST side serves (RESOURCES' renderers), so both routes export one tenant. Written record by record
// into the gzip stream; the uncompressed document never exists whole. Shares no code with src/isi.
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import { RESOURCES } from '../resources.ts';
import type { Tenant } from '../tenant-plan.ts';
import { XmlWriter } from './xml-writer.ts';

type Rec = Record<string, unknown>;
type Ref = { id: string };

export interface ImsFileOptions {
  /** Break the document halfway: an unclosed element, so the XML is not well-formed. */
  malformedXml?: boolean;
}

const IMS_NS = 'http://www.imsglobal.org/xsd/imsep_rootv1p01';
/** IMS Enterprise 1.1 roletype codes. */
const ROLE = { learner: '01', instructor: '02', manager: '05', administrator: '07' } as const;

/** IST's roles → an IMS role type; the SS 12000 role itself travels as <subrole>. */
function staffRoleType(dutyRole: string): string {
  if (dutyRole === 'Lärare' || dutyRole === 'Förstelärare' || dutyRole === 'Lärarassistent') return ROLE.instructor;
  if (dutyRole === 'Rektor' || dutyRole === 'Övrig arbetsledning') return ROLE.manager;
  return ROLE.administrator;
}

/** IMS has room for one address: the school address for the person's role, else the first. */
function oneEmail(person: Rec): string | undefined {
  const emails = (person.emails as { type: string; value: string }[] | undefined) ?? [];
  const wanted = person.enrolments ? 'Skola elev' : 'Skola personal';
  return (emails.find((e) => e.type === wanted) ?? emails[0])?.value;
}

export async function buildImsFile(t: Tenant, options: ImsFileOptions = {}): Promise<Buffer> {
  const gzip = createGzip();
  const out: Buffer[] = [];
  gzip.on('data', (b: Buffer) => out.push(b));
  const ended = once(gzip, 'end');
  let pending = '';
  const xml = new XmlWriter((s) => {
    pending += s;
  });
  const flush = async (force = false) => {
    if (!force && pending.length < 1 << 16) return;
    const s = pending;
    pending = '';
    if (!gzip.write(s)) await once(gzip, 'drain');
  };
  const timeframe = (r: { startDate?: unknown; endDate?: unknown }) => {
    if (r.startDate === undefined && r.endDate === undefined) return;
    xml.ele('timeframe');
    if (typeof r.startDate === 'string') xml.ele('begin', { restrict: '0' }).txt(r.startDate).up();
    if (typeof r.endDate === 'string') xml.ele('end', { restrict: '0' }).txt(r.endDate).up();
    xml.up();
  };
  const sourcedid = (id: string) => xml.ele('sourcedid').ele('source').txt('IST').up().ele('id').txt(id).up().up();
  const group = (id: string, name: string, type: string, forms: string[], parent: string | undefined, dates: Rec) => {
    xml.ele('group', { recstatus: '1' });
    sourcedid(id);
    xml.ele('grouptype').ele('scheme').txt('IST').up().ele('typevalue', { level: '1' }).txt(type).up().up();
    if (forms.length > 0) {
      xml.ele('grouptype').ele('scheme').txt('Skolform').up();
      for (const f of forms) xml.ele('typevalue', { level: '1' }).txt(f).up();
      xml.up();
    }
    xml.ele('description').ele('short').txt(name).up().up();
    timeframe(dates);
    if (parent) {
      xml.ele('relationship', { relation: '1' });
      sourcedid(parent);
      xml.ele('label').txt('Parent').up().up();
    }
    xml.up();
  };
  const membership = (groupId: string, members: { personId: string; roletype: string; subrole?: string; active?: boolean; dates: Rec }[]) => {
    xml.ele('membership');
    sourcedid(groupId);
    for (const m of members) {
      xml.ele('member');
      sourcedid(m.personId);
      xml.ele('idtype').txt('1').up();
      xml.ele('role', { roletype: m.roletype });
      if (m.subrole) xml.ele('subrole').txt(m.subrole).up();
      xml.ele('status').txt(m.active === false ? '0' : '1').up();
      timeframe(m.dates);
      xml.up().up();
    }
    xml.up();
  };
  const each = async (resource: keyof typeof RESOURCES, fn: (r: Rec) => void) => {
    const def = RESOURCES[resource];
    const n = def.count(t);
    for (let i = 0; i < n; i++) {
      fn(def.render(t, i, new Set()));
      await flush();
    }
  };

  xml.dec().ele('enterprise', { xmlns: IMS_NS });
  xml.ele('properties').ele('datasource').txt('IST Administration').up().ele('datetime').txt(`${t.refIso}T00:00:00`).up().up();

  await each('organisations', (o) => {
    group(String(o.id), String(o.displayName), String(o.organisationType), (o.schoolTypes as string[] | undefined) ?? [], (o.parentOrganisation as Ref | undefined)?.id, o);
  });
  await each('groups', (g) => {
    group(String(g.id), String(g.displayName), String(g.groupType), g.schoolType ? [String(g.schoolType)] : [], (g.organisation as Ref).id, g);
  });
  let persons = 0;
  const broken = Math.floor(RESOURCES.persons.count(t) / 2);
  await each('persons', (p) => {
    if (options.malformedXml && persons++ === broken) {
      xml.raw('<person><sourcedid><id>broken</sourcedid>');
    }
    xml.ele('person', { recstatus: '1' });
    sourcedid(String(p.id));
    const civicNo = (p.civicNo as { value?: string } | undefined)?.value;
    if (civicNo) xml.ele('userid', { useridtype: 'personnummer' }).txt(civicNo).up();
    xml.ele('name').ele('fn').txt([p.givenName, p.middleName, p.familyName].filter(Boolean).join(' ')).up().ele('n');
    xml.ele('family').txt(String(p.familyName)).up().ele('given').txt(String(p.givenName)).up();
    if (p.middleName) xml.ele('partname', { partnametype: 'middlename' }).txt(String(p.middleName)).up();
    xml.up().up();
    if (p.birthDate) xml.ele('demographics').ele('bday').txt(String(p.birthDate)).up().up();
    const email = oneEmail(p);
    if (email) xml.ele('email').txt(email).up();
    if (p.securityMarking) xml.ele('extension').ele('securityMarking').txt(String(p.securityMarking)).up().up();
    xml.up();
  });

  // Relations: enrolments and duties as memberships of the school unit, group members, activity teachers.
  await each('persons', (p) => {
    for (const e of (p.enrolments as Rec[] | undefined) ?? []) {
      membership((e.enroledAt as Ref).id, [{ personId: String(p.id), roletype: ROLE.learner, active: e.cancelled !== true, dates: e }]);
    }
  });
  const dutyPerson = new Map<string, { personId: string; schoolId: string }>();
  await each('duties', (d) => {
    const personId = (d.person as Ref | undefined)?.id;
    if (!personId) return;
    dutyPerson.set(String(d.id), { personId, schoolId: (d.dutyAt as Ref).id });
    membership((d.dutyAt as Ref).id, [{ personId, roletype: staffRoleType(String(d.dutyRole)), subrole: String(d.dutyRole), dates: d }]);
  });
  await each('groups', (g) => {
    const members = ((g.groupMemberships as Rec[] | undefined) ?? []).map((m) => ({ personId: (m.person as Ref).id, roletype: ROLE.learner, dates: m }));
    if (members.length > 0) membership(String(g.id), members);
  });
  await each('activities', (a) => {
    const teachers = ((a.teachers as Rec[] | undefined) ?? []).flatMap((assignment) => {
      const duty = dutyPerson.get((assignment.duty as Ref).id);
      return duty ? [{ personId: duty.personId, roletype: ROLE.instructor, dates: assignment }] : [];
    });
    if (teachers.length === 0) return;
    for (const g of (a.groups as Ref[] | undefined) ?? []) membership(g.id, teachers);
  });
  xml.end();
  await flush(true);
  gzip.end();
  await ended;
  return Buffer.concat(out);
}
