import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pageSizeFor, parseCustomerFile } from '../../../src/config/customers.ts';
import { CustomerConfigInvalidError } from '../../../src/config/errors.ts';

const base = { id: 'kommun-a', name: 'Kommun A', extensId: 'EXT001', tier: 'silver', clientIdEnv: 'A_ID', clientSecretEnv: 'A_SECRET' };
const parse = (extra: Record<string, unknown>) => parseCustomerFile({ customers: [{ ...base, ...extra }] }, 'customers.yaml', {}).customers[0]!;

function pathsOf(extra: Record<string, unknown>): string[] {
  try {
    parse(extra);
  } catch (err) {
    assert.ok(err instanceof CustomerConfigInvalidError);
    return err.problems.map((p) => p.path);
  }
  assert.fail('expected CustomerConfigInvalidError');
}

describe('customer options', () => {
  it('when nothing is set, then load, request and policy defaults apply', () => {
    const c = parse({});
    assert.equal(c.requestConcurrency, 4);
    assert.equal(c.requestsPerSecond, 5);
    assert.equal(c.arrayParamStyle, 'repeat');
    assert.equal(c.lookAheadDays, undefined);
    assert.equal(c.thresholds, undefined);
    assert.equal(pageSizeFor(c, 'persons'), 500);
  });

  it('when one list has its own page size, then only that list uses it', () => {
    const c = parse({ pageSize: 300, pageSizes: { persons: 100 } });
    assert.equal(pageSizeFor(c, 'persons'), 100);
    assert.equal(pageSizeFor(c, 'groups'), 300);
  });

  it('when a page size names an unknown list, then the error names the field and the list', () => {
    assert.throws(() => parse({ pageSizes: { pupils: 10 } }), (err: unknown) => err instanceof CustomerConfigInvalidError && /customers\[0\]\.pageSizes: .*"pupils"/.test(err.message));
  });

  it('when limits are out of range, then each field is named', () => {
    assert.deepEqual(pathsOf({ requestConcurrency: 0, requestsPerSecond: -1, arrayParamStyle: 'csv', lookAheadDays: 365 }).sort(), [
      'customers[0].arrayParamStyle',
      'customers[0].lookAheadDays',
      'customers[0].requestConcurrency',
      'customers[0].requestsPerSecond',
    ]);
  });

  it('when an email preference list is empty, then its role is named', () => {
    assert.deepEqual(pathsOf({ emailPreference: { staff: [] } }), ['customers[0].emailPreference.staff']);
    assert.deepEqual(parse({ emailPreference: { student: ['Privat'] } }).emailPreference?.student, ['Privat']);
  });

  it('when thresholds or the approval deadline are malformed, then the path reaches the bad field', () => {
    const paths = pathsOf({ thresholds: { person: { deleted: { percent: 'ten' } } }, approvalDeadline: 'soon' });
    assert.ok(paths.some((p) => p.startsWith('customers[0].thresholds.person.deleted')), paths.join());
    assert.ok(paths.includes('customers[0].approvalDeadline'), paths.join());
  });
});
