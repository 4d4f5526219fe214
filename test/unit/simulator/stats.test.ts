import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RESOURCES } from '../../../src/simulator/resources.ts';
import { computeStats } from '../../../src/simulator/stats.ts';
import { buildTenant, type Tenant } from '../../../src/simulator/tenant-plan.ts';
import type { SimulatorSize } from '../../../src/simulator/types.ts';

type Json = Record<string, unknown>;
const REF = '2025-03-15';
const tenant = (size: SimulatorSize, seed: number): Tenant =>
  buildTenant({ customerId: 'T', seed, size, clientId: 'c', clientSecret: 's', referenceDate: REF });
const active = (x: Json): boolean => (x.startDate as string) <= REF && (x.endDate === undefined || REF <= (x.endDate as string));

function* records(t: Tenant, r: keyof typeof RESOURCES, expand: string[] = []): Generator<Json> {
  const def = RESOURCES[r];
  for (let i = 0; i < def.count(t); i++) yield def.render(t, i, new Set(expand));
}

void describe('stats agree with the rendered records', () => {
  for (const [size, seed] of [['tiny', 1], ['small', 1], ['small', 5], ['medium', 2]] as const) {
    void it(`${size}/seed ${seed}`, () => {
      const t = tenant(size, seed);
      const stats = computeStats(t);
      let memberships = 0;
      let activeMemberships = 0;
      let classes = 0;
      let teaching = 0;
      const activeClassOf = new Map<string, number>();
      const groupSide = new Map<string, number>();
      for (const g of records(t, 'groups')) {
        if (g.groupType === 'Klass') classes++;
        else if (g.groupType === 'Undervisning') teaching++;
        for (const m of g.groupMemberships as Json[]) {
          memberships++;
          const pid = (m.person as Json).id as string;
          groupSide.set(pid, (groupSide.get(pid) ?? 0) + 1);
          if (active(m)) {
            activeMemberships++;
            if (g.groupType === 'Klass') activeClassOf.set(pid, (activeClassOf.get(pid) ?? 0) + 1);
          }
        }
      }
      assert.equal(memberships, stats.groupMemberships);
      assert.equal(activeMemberships, stats.activeGroupMemberships);
      assert.ok(activeMemberships < memberships, 'some memberships have ended');
      assert.equal(classes, stats.classes);
      assert.equal(teaching, stats.teachingGroups);

      let students = 0;
      let withoutEmail = 0;
      for (const p of records(t, 'persons', ['groupMemberships'])) {
        const enrolled = ((p.enrolments as Json[] | undefined) ?? []).some(active);
        const pid = p.id as string;
        if (enrolled) {
          students++;
          assert.equal(activeClassOf.get(pid), 1, `active student ${pid} is in exactly one active class`);
        } else {
          assert.equal(activeClassOf.get(pid), undefined, 'inactive persons are in no active class');
        }
        const mine = ((p._embedded as Json).groupMemberships as Json[]).length;
        assert.equal(mine, groupSide.get(pid) ?? 0, 'person side and group side agree');
        if (((p.emails as unknown[] | undefined) ?? []).length === 0) withoutEmail++;
      }
      assert.equal(students, stats.students);
      assert.equal(withoutEmail, stats.personsWithoutEmail);

      let activeDuties = 0;
      const staff = new Set<string>();
      for (const d of records(t, 'duties')) {
        if (active(d)) {
          activeDuties++;
          staff.add((d.person as Json).id as string);
        }
      }
      assert.equal(activeDuties, stats.activeDuties);
      assert.equal(staff.size, stats.staff);

      const dutyIds = new Set([...records(t, 'duties')].map((d) => d.id as string));
      const perTeacher = new Map<string, number>();
      let withoutTeacher = 0;
      for (const a of records(t, 'activities')) {
        const teachers = a.teachers as Json[];
        if (teachers.length === 0) withoutTeacher++;
        for (const x of teachers) {
          const id = (x.duty as Json).id as string;
          assert.ok(dutyIds.has(id));
          perTeacher.set(id, (perTeacher.get(id) ?? 0) + 1);
        }
      }
      assert.ok([...perTeacher.values()].some((n) => n >= 2), 'some teacher has two teaching groups');
      if (size !== 'tiny') assert.ok(withoutTeacher > 0, 'some teaching group has no teacher');
    });
  }

  void it('is a pure function of seed, size and reference date', () => {
    assert.deepEqual(computeStats(tenant('small', 1)), computeStats(tenant('small', 1)));
    assert.notDeepEqual(computeStats(tenant('small', 1)), computeStats(tenant('small', 2)));
  });
});

void describe('tenant sizes', () => {
  void it('when the xl tenant is planned, then it reaches the sizes the export benchmark states: ~900k memberships, ~12k staff, ~15k duties', () => {
    const stats = computeStats(tenant('xl', 1));
    const near = (value: number, target: number, name: string) => assert.ok(Math.abs(value - target) / target <= 0.05, `${name}: ${value}, stated ~${target}`);
    near(stats.groupMemberships, 900_000, 'group memberships');
    near(stats.staff, 12_000, 'staff');
    near(stats.duties, 15_000, 'duties');
    assert.ok(stats.persons > stats.students + stats.staff * 0.9, 'persons are students and staff');
  });
});
