// IMS Enterprise → SS 12000-shaped lists: the streaming reader (fed in arbitrary pieces) and the assembly.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ContentSplitter } from '../../../src/isi/content-splitter.ts';
import { classifyFault } from '../../../src/isi/fault-kinds.ts';
import { assembleIms, isiDutyId } from '../../../src/isi/ims/assemble.ts';
import { ImsDocumentError, ImsReader } from '../../../src/isi/ims/reader.ts';
import type { ImsGroup, ImsMember, ImsPerson } from '../../../src/isi/ims/records.ts';

const group = (id: string, type: string, parent?: string, form?: string, extra = '') => `
  <group recstatus="1"><sourcedid><source>IST</source><id>${id}</id></sourcedid>
    <grouptype><scheme>IST</scheme><typevalue level="1">${type}</typevalue></grouptype>
    ${form ? `<grouptype><scheme>Skolform</scheme><typevalue level="1">${form}</typevalue></grouptype>` : ''}
    <description><short>Name ${id}</short></description>
    <timeframe><begin restrict="0">2025-08-01T00:00:00</begin><end restrict="0">2026-06-30</end></timeframe>
    ${parent ? `<relationship relation="1"><sourcedid><id>${parent}</id></sourcedid></relationship>` : ''}${extra}
  </group>`;
const member = (person: string, roletype: string, opts: { subrole?: string; status?: string; begin?: string } = {}) => `
    <member><sourcedid><id>${person}</id></sourcedid><idtype>1</idtype>
      <role roletype="${roletype}">${opts.subrole ? `<subrole>${opts.subrole}</subrole>` : ''}<status>${opts.status ?? '1'}</status>
        <timeframe><begin>${opts.begin ?? '2025-08-01'}</begin></timeframe></role></member>`;

const DOC = `<?xml version="1.0" encoding="UTF-8"?>
<enterprise xmlns="http://www.imsglobal.org/xsd/imsep_rootv1p01">
  <properties><datasource>IST</datasource></properties>
  ${group('HM', 'Huvudman')}${group('S1', 'Skolenhet', 'HM', 'GR')}${group('C1', 'Klass', 'S1', 'GR')}${group('T1', 'Undervisning', 'S1', 'GR')}${group('X1', 'Avdelning', 'S1')}
  <person recstatus="1"><sourcedid><id>P1</id></sourcedid><userid useridtype="personnummer">201001012384</userid>
    <name><fn>Anna B Svensson</fn><n><family>Svensson</family><given>Anna</given><partname partnametype="middlename">B</partname></n></name>
    <demographics><bday>2010-01-01</bday></demographics><email>anna@elev.example.se</email>
    <extension><securityMarking>Ingen</securityMarking></extension></person>
  <person><sourcedid><id>P2</id></sourcedid><name><n><family>Lärare</family><given>Lars</given></n></name></person>
  <person recstatus="3"><sourcedid><id>GONE</id></sourcedid></person>
  <membership><sourcedid><id>S1</id></sourcedid>${member('P1', '01')}${member('P2', '02', { subrole: 'Lärare' })}</membership>
  <membership><sourcedid><id>C1</id></sourcedid>${member('P1', '01')}${member('P2', '06')}</membership>
  <membership><sourcedid><id>T1</id></sourcedid>${member('P1', '01')}${member('P2', '02')}${member('P1', '01', { status: '0' })}${member('P1', '99')}</membership>
  <membership><sourcedid><id>NOPE</id></sourcedid>${member('P1', '01')}</membership>
</enterprise>`;

function read(doc: string, pieces: number) {
  const out = { persons: [] as ImsPerson[], groups: [] as ImsGroup[], members: [] as ImsMember[] };
  const reader = new ImsReader({ person: (p) => out.persons.push(p), group: (g) => out.groups.push(g), member: (m) => out.members.push(m) });
  const size = Math.ceil(doc.length / pieces);
  for (let i = 0; i < doc.length; i += size) reader.write(doc.slice(i, i + size));
  reader.close();
  return { ...out, counts: reader.counts };
}

async function assemble(doc: string) {
  const { persons, groups, members } = read(doc, 7);
  const lists: Record<string, Record<string, unknown>[]> = {};
  const quarantined: { resource: string; istId: string | null; reason: string }[] = [];
  const counts = await assembleIms(
    { persons: async function* () { yield persons; }, groups: async function* () { yield groups; }, members: async function* () { yield members; } },
    {
      add: async (resource, record) => void (lists[resource] ??= []).push(record),
      quarantine: async (resource, istId, _field, reason) => void quarantined.push({ resource, istId, reason }),
    },
  );
  return { lists, quarantined, counts };
}

describe('IMS Enterprise reader', () => {
  it('when the document arrives in pieces of any size, then the same records come out', () => {
    const whole = read(DOC, 1);
    for (const pieces of [3, 17, 101, DOC.length]) assert.deepEqual(read(DOC, pieces), whole);
    assert.equal(whole.persons.length, 2);
    assert.equal(whole.counts.deleted, 1, 'recstatus 3 is counted, not read');
    assert.equal(whole.groups.length, 5);
    assert.deepEqual(whole.persons[0], { id: 'P1', given: 'Anna', family: 'Svensson', middle: 'B', fn: 'Anna B Svensson', email: 'anna@elev.example.se', userids: [{ type: 'personnummer', value: '201001012384' }], bday: '2010-01-01', securityMarking: 'Ingen' });
  });

  it('when the XML is malformed, cut off or not IMS, then ImsDocumentError says so', () => {
    assert.throws(() => read(DOC.replace('</person>', ''), 1), ImsDocumentError);
    assert.throws(() => read(DOC.slice(0, DOC.length / 2), 1), ImsDocumentError);
    assert.throws(() => read('<roster><person/></roster>', 1), /root element is <roster>/);
  });
});

describe('IMS records → SS 12000 lists', () => {
  it('when a file holds schools, a class, a teaching group and their members, then enrolments, memberships, duties, teachers and mentors are placed', async () => {
    const { lists, quarantined, counts } = await assemble(DOC);
    assert.deepEqual(lists.organisations?.map((o) => [o.id, o.organisationType, (o.parentOrganisation as { id: string } | undefined)?.id]), [['HM', 'Huvudman', undefined], ['S1', 'Skolenhet', 'HM']]);
    assert.deepEqual(lists.organisations?.[1]?.schoolTypes, ['GR']);
    const p1 = lists.persons?.find((p) => p.id === 'P1');
    assert.deepEqual(p1?.enrolments, [{ enroledAt: { id: 'S1' }, schoolType: 'GR', startDate: '2025-08-01' }]);
    assert.deepEqual(p1?.civicNo, { value: '201001012384' });
    assert.equal(lists.persons?.find((p) => p.id === 'P2')?.enrolments, undefined, 'nothing invented');
    const duty = isiDutyId('S1', 'P2', 'Lärare');
    assert.deepEqual(lists.duties, [{ id: duty, person: { id: 'P2' }, dutyAt: { id: 'S1' }, dutyRole: 'Lärare', startDate: '2025-08-01' }]);
    const c1 = lists.groups?.find((g) => g.id === 'C1');
    assert.equal(c1?.groupType, 'Klass');
    assert.deepEqual(c1?.organisation, { id: 'S1' });
    assert.equal(c1?.startDate, '2025-08-01', 'a date-time is cut to the date');
    assert.deepEqual(c1?.groupMemberships, [{ person: { id: 'P1' }, startDate: '2025-08-01' }]);
    assert.deepEqual(c1?.assignmentRoles, [{ duty: { id: duty }, assignmentRoleType: 'Mentor', startDate: '2025-08-01' }]);
    assert.deepEqual(lists.activities?.map((a) => [a.groups, a.teachers]), [[[{ id: 'T1' }], [{ duty: { id: duty }, startDate: '2025-08-01' }]]]);
    assert.equal(lists.groups?.some((g) => g.id === 'X1'), false, 'an unknown group type is not staged…');
    assert.deepEqual(counts.unknownGroupTypes, { Avdelning: 1 }, '…but counted');
    assert.equal(counts.inactiveRoles, 1);
    assert.deepEqual(counts.unknownRoleTypes, { 99: 1 });
    assert.deepEqual(quarantined, [{ resource: 'groups', istId: 'NOPE', reason: 'membership of a group the file does not hold' }]);
  });
});

describe('SOAP content splitter and fault kinds', () => {
  it('when a base64 <content> is split anywhere across chunks, then the bytes and the remaining XML come out intact', async () => {
    const payload = Buffer.from(Array.from({ length: 3001 }, (_, i) => (i * 7) % 256));
    const xml = `<a><m><ns2:content>${payload.toString('base64').replace(/(.{76})/g, '$1&#13;\n')}</ns2:content><x y="1"/></m></a>`;
    for (const size of [1, 5, 64, 1000, xml.length]) {
      let markup = '';
      const bytes: Buffer[] = [];
      let ends = 0;
      const splitter = new ContentSplitter({ xml: (s) => void (markup += s), content: async (b) => void bytes.push(b), contentEnd: async () => void ends++ });
      for (let i = 0; i < xml.length; i += size) await splitter.push(xml.slice(i, i + size));
      await splitter.end();
      assert.deepEqual(Buffer.concat(bytes), payload, `chunk size ${size}`);
      assert.equal(markup, '<a><m><ns2:content></ns2:content><x y="1"/></m></a>');
      assert.equal(ends, 1);
    }
  });

  it('when ISI answers with fault texts, then each is sorted into the condition an operator acts on', () => {
    assert.equal(classifyFault('Login failed for system X: wrong password'), 'loginRefused');
    assert.equal(classifyFault('System E1 has not opened imsService/IMS2013 for partner P'), 'notOpened');
    assert.equal(classifyFault('Trigger T1 not found'), 'unknownTrigger');
    assert.equal(classifyFault('java.lang.NullPointerException'), 'other');
  });
});
