import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countIssues, QualityRule } from '../../../src/map/issues.ts';
import { bronze, findings, mapped } from './helpers.ts';

describe('data-quality rules', () => {
  it('when a person has no email, or only invalid ones, then missing_email is a warning on silver and an error that leaves the person out on bronze', () => {
    assert.deepEqual(findings(mapped().issues, 'missing_email'), ['missing_email:p-bad-email-only:warning', 'missing_email:p-marked-no-email:warning', 'missing_email:p-no-email:warning']);
    assert.equal(mapped().persons.get('p-no-email')?.email, null);
    const b = mapped(bronze);
    assert.deepEqual(findings(b.issues, 'missing_email'), ['missing_email:p-bad-email-only:error', 'missing_email:p-marked-no-email:error', 'missing_email:p-no-email:error']);
    assert.equal(b.persons.has('p-no-email'), false);
    assert.deepEqual(b.classes.get('g-class-7a')?.studentIds, ['p-student'], 'memberships of left-out persons go too');
    assert.deepEqual(b.teaching.get('g-sv-7')?.studentIds, ['p-student']);
  });

  it('when the preferred email is syntactically invalid, then the next usable one is published with a warning; with none usable, the tier decides', () => {
    const s = mapped();
    assert.equal(s.persons.get('p-bad-email')?.email, 'kalle@example.com');
    assert.equal(s.persons.get('p-bad-email-only')?.email, null);
    assert.deepEqual(findings(s.issues, 'invalid_email'), ['invalid_email:p-bad-email-only:warning', 'invalid_email:p-bad-email:warning']);
    const b = mapped(bronze);
    assert.deepEqual(findings(b.issues, 'invalid_email'), ['invalid_email:p-bad-email-only:error', 'invalid_email:p-bad-email:warning']);
    assert.equal(b.persons.has('p-bad-email-only'), false);
    assert.equal(b.persons.has('p-bad-email'), true);
  });

  it('when two persons have the same email (any case), then both are reported and the email is published for neither', () => {
    const s = mapped();
    assert.deepEqual(findings(s.issues, 'duplicate_email'), ['duplicate_email:p-dup-1:warning', 'duplicate_email:p-dup-2:warning']);
    assert.equal(s.persons.get('p-dup-1')?.email, null);
    assert.equal(s.persons.get('p-dup-2')?.email, null);
    assert.ok(s.issues.find((i) => i.istId === 'p-dup-1')?.detail.includes('p-dup-2'));
    const b = mapped(bronze);
    assert.deepEqual(findings(b.issues, 'duplicate_email'), ['duplicate_email:p-dup-1:error', 'duplicate_email:p-dup-2:error']);
    assert.equal(b.persons.has('p-dup-1'), false);
  });

  it('when a personnummer fails the check, then invalid_civic_no is a warning naming the check, not the number; valid, coordination and temporary numbers pass', () => {
    const { issues, persons } = mapped();
    assert.deepEqual(findings(issues, 'invalid_civic_no'), ['invalid_civic_no:p-bad-civic:warning']);
    assert.match(issues.find((i) => i.rule === 'invalid_civic_no')!.detail, /invalid_luhn/);
    assert.equal(JSON.stringify(issues).includes('201001012383'), false);
    assert.ok(persons.has('p-bad-civic'), 'published; only the number is dropped');
  });

  it('when a person has no enrolment and no duty, then person_without_school_relation is an error and the person is not published', () => {
    const { issues, persons } = mapped();
    assert.deepEqual(findings(issues, 'person_without_school_relation'), ['person_without_school_relation:p-nowhere:error']);
    assert.equal(persons.has('p-nowhere'), false);
  });

  it('when references point nowhere, then each is reported by rule and IST id with the right severity', () => {
    const all = findings(mapped().issues);
    for (const expected of [
      'group_member_unknown:g-ma-7a:warning',
      'activity_duty_unknown:a-sv:warning',
      'activity_group_unknown:a-ghost:warning',
      'duty_without_person:d-orphan:error',
      'teaching_group_without_teacher:g-empty:warning',
      'group_school_unknown:g-closed-school:error',
      'group_assignment_duty_unknown:g-sv-7:warning',
    ]) {
      assert.ok(all.includes(expected), `${expected} in ${all.join(' ')}`);
    }
  });

  it('when a finding concerns a record, then it names it; for a person with security marking, never', () => {
    const { issues } = mapped();
    assert.equal(issues.find((i) => i.istId === 'p-no-email')?.displayName, 'Ärling Lindqvist');
    assert.equal(issues.find((i) => i.istId === 'g-empty')?.displayName, 'Tomma gruppen');
    assert.equal(issues.find((i) => i.istId === 'd-orphan')?.displayName, 'Kurator');
    const marked = issues.find((i) => i.istId === 'p-marked-no-email');
    assert.ok(marked);
    assert.equal(marked.displayName, null);
    assert.equal(JSON.stringify(issues).includes('Sekret'), false);
  });

  it('when findings are counted, then every rule is listed (zero included) and errors and warnings add up', () => {
    const counts = countIssues(mapped(bronze).issues);
    assert.deepEqual(Object.keys(counts.byRule).sort(), Object.values(QualityRule).sort());
    assert.equal(counts.byRule.missing_email, 3);
    assert.equal(counts.errors + counts.warnings, Object.values(counts.byRule).reduce((a, b) => a + b, 0));
    assert.equal(counts.errors, 9, 'missing ×3 (one of them all-invalid), invalid-only, duplicate ×2, no school, orphan duty, group at closed school');
  });
});
