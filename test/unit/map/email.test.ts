import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Person } from '../../../src/ist/wire/resources.ts';
import { chooseEmail, DEFAULT_EMAIL_PREFERENCE, isUsableEmail } from '../../../src/map/email.ts';

const person = (emails: { type: string; value: string }[]): Person => ({ id: 'p', givenName: 'A', familyName: 'B', emails });

describe('email choice', () => {
  it('when a student has private, staff and student addresses, then the student school address wins', () => {
    const p = person([
      { type: 'Privat', value: 'a@example.com' },
      { type: 'Skola personal', value: 'a@skola.se' },
      { type: 'Skola elev', value: 'a@elev.skola.se' },
    ]);
    assert.deepEqual(chooseEmail(p, DEFAULT_EMAIL_PREFERENCE.student), { email: 'a@elev.skola.se', invalidPreferred: false });
    assert.equal(chooseEmail(p, DEFAULT_EMAIL_PREFERENCE.staff).email, 'a@skola.se');
  });

  it('when only an unlisted type exists, then it is still used; blank values count as none', () => {
    assert.equal(chooseEmail(person([{ type: 'Annat', value: ' x@y.se ' }]), DEFAULT_EMAIL_PREFERENCE.student).email, 'x@y.se');
    assert.deepEqual(chooseEmail(person([{ type: 'Skola elev', value: '  ' }]), DEFAULT_EMAIL_PREFERENCE.student), { email: null, invalidPreferred: false });
  });

  it('when the preferred address is broken, then the next usable one is chosen and the breakage flagged', () => {
    const p = person([
      { type: 'Skola elev', value: 'a@elev' },
      { type: 'Privat', value: 'a@example.com' },
    ]);
    assert.deepEqual(chooseEmail(p, DEFAULT_EMAIL_PREFERENCE.student), { email: 'a@example.com', invalidPreferred: true });
  });

  it('when addresses are checked, then plain ones pass and broken ones do not', () => {
    for (const ok of ['anna.svensson@elev.kommun.se', 'a+b@x-y.se', 'o.brien@x.co.uk']) assert.equal(isUsableEmail(ok), true, ok);
    for (const bad of ['a@@b.se', 'a b@c.se', 'a@b', '@b.se', 'a@.se', 'a..b@c.se', '.a@c.se', 'a@-b.se', 'a@b..se', 'åsa@', `${'a'.repeat(250)}@b.se`]) assert.equal(isUsableEmail(bad), false, bad);
  });
});
