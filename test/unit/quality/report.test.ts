import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { QualityRule, type QualityIssue } from '../../../src/map/issues.ts';
import { toCsv, toJson } from '../../../src/quality/export.ts';
import { FIX_HINTS } from '../../../src/quality/hints.ts';
import { buildReport, quarantineIssue } from '../../../src/quality/report.ts';

const issues: QualityIssue[] = [
  { severity: 'warning', rule: 'teaching_group_without_teacher', entityType: 'group', istId: 'g1', displayName: 'MA "7A", grupp 2', detail: 'no teacher' },
  { severity: 'error', rule: 'missing_email', entityType: 'person', istId: 'p2', displayName: '=HYPERLINK("x")', detail: 'no email address' },
  { severity: 'error', rule: 'duplicate_email', entityType: 'person', istId: 'p1', displayName: null, detail: 'shared' },
];

describe('data-quality report', () => {
  it('when any rule is reported, then it has a one-line fix hint in Swedish and English', () => {
    for (const rule of Object.values(QualityRule)) {
      const hint = FIX_HINTS[rule];
      assert.ok(hint.sv.length > 10 && hint.en.length > 10 && !hint.sv.includes('\n') && !hint.en.includes('\n'), rule);
    }
  });

  it('when a report is built, then errors come first, each row carries its hints, and the summary counts per rule', () => {
    const report = buildReport('run-1', issues, { customerId: 'kommun-a', status: 'succeeded_with_warnings' });
    assert.deepEqual(report.rows.map((r) => `${r.severity}:${r.rule}:${r.istId}`), ['error:duplicate_email:p1', 'error:missing_email:p2', 'warning:teaching_group_without_teacher:g1']);
    assert.equal(report.rows[1]?.fixEn, FIX_HINTS.missing_email.en);
    assert.equal(report.summary.errors, 2);
    assert.equal(report.summary.byRule.duplicate_email, 1);
    assert.equal(report.summary.byRule.invalid_civic_no, 0);
  });

  it('when exported as CSV, then quotes and commas are escaped, formulas neutralised, empty names empty, and Excel gets a BOM', () => {
    const csv = toCsv(buildReport('run-1', issues));
    assert.ok(csv.startsWith('\uFEFFseverity,rule,entityType,istId,displayName,detail,fixSv,fixEn,list,field\r\n'));
    const lines = csv.slice(1).trimEnd().split('\r\n');
    assert.equal(lines.length, 4);
    assert.ok(lines[1]?.startsWith('error,duplicate_email,person,p1,,shared,'));
    assert.ok(lines[2]?.includes(`"'=HYPERLINK(""x"")"`), lines[2]);
    assert.ok(lines[3]?.includes('"MA ""7A"", grupp 2"'), lines[3]);
    assert.equal(toCsv(buildReport('r', [])), '\uFEFFseverity,rule,entityType,istId,displayName,detail,fixSv,fixEn,list,field\r\n');
  });

  it('when records were quarantined, then each is an error row with list, IST id, field, reason and a hint', () => {
    const report = buildReport('run-1', [quarantineIssue({ resource: 'duties', istId: 'd9', field: 'dutyAt', reason: 'invalid_type: expected object' }), ...issues]);
    const row = report.rows.find((r) => r.rule === 'quarantined');
    assert.deepEqual(
      row && [row.severity, row.list, row.entityType, row.istId, row.field, row.fixEn],
      ['error', 'duties', 'duty', 'd9', 'dutyAt', FIX_HINTS.quarantined.en],
    );
    assert.match(row!.detail, /dutyAt: invalid_type: expected object; not published/);
    assert.equal(report.summary.byRule.quarantined, 1);
    assert.equal(report.rows.find((r) => r.istId === 'g1')?.list, 'groups', 'mapping findings name their list too');
    assert.ok(toCsv(report).includes(',duties,dutyAt\r\n'));
  });

  it('when exported as JSON, then it parses back to the same report', () => {
    const report = buildReport('run-1', issues);
    assert.deepEqual(JSON.parse(toJson(report)), report);
  });
});
