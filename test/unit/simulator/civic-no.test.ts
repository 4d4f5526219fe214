import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCoordinationNumber, isValidCivicNo, luhnCheckDigit } from '../../../src/simulator/civic-no.ts';
import { personCore } from '../../../src/simulator/people.ts';
import { buildTenant } from '../../../src/simulator/tenant-plan.ts';
import type { SimulatorSize } from '../../../src/simulator/types.ts';

const tenant = (size: SimulatorSize, seed: number) =>
  buildTenant({ customerId: 'T', seed, size, clientId: 'c', clientSecret: 's', referenceDate: '2025-03-15' });

void describe('civic numbers', () => {
  void it('Luhn matches known examples', () => {
    assert.equal(luhnCheckDigit('811218987'), 6); // 811218-9876 is Skatteverket's classic example
    assert.ok(isValidCivicNo('198112189876'));
    assert.ok(!isValidCivicNo('198112189875'));
  });

  for (const [size, seed] of [['tiny', 1], ['small', 1], ['small', 7], ['medium', 3]] as const) {
    void it(`every ${size}/seed ${seed} civicNo is valid, unique and matches birthDate`, () => {
      const t = tenant(size, seed);
      const seen = new Set<string>();
      let coordination = 0;
      for (let p = 0; p < t.nStudents + t.nStaff; p++) {
        const c = personCore(t, p);
        assert.ok(isValidCivicNo(c.civicNo), `${c.civicNo} Luhn`);
        assert.ok(!seen.has(c.civicNo), `${c.civicNo} duplicated`);
        seen.add(c.civicNo);
        assert.equal(isCoordinationNumber(c.civicNo), c.coordination);
        const day = Number(c.civicNo.slice(6, 8)) - (c.coordination ? 60 : 0);
        assert.equal(`${c.civicNo.slice(0, 4)}-${c.civicNo.slice(4, 6)}-${String(day).padStart(2, '0')}`, c.birthDate);
        assert.equal(Number(c.civicNo[10]) % 2 === 1, c.sex === 'Man');
        if (c.coordination) coordination++;
      }
      if (size !== 'tiny') assert.ok(coordination > 0, 'some coordination numbers');
    });
  }
});
