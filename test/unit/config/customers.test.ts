import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_INTEGRATION_PARTNER_ID, loadCustomerFile, parseCustomerFile, resolveCredentials } from '../../../src/config/customers.ts';
import { CustomerConfigInvalidError, CustomerCredentialsMissingError } from '../../../src/config/errors.ts';

const good = { id: 'kommun-a', name: 'Kommun A', extensId: 'EXT001', tier: 'bronze', clientIdEnv: 'A_ID', clientSecretEnv: 'A_SECRET' };

function problemsOf(raw: unknown): string[] {
  try {
    parseCustomerFile(raw, 'customers.yaml', {});
  } catch (err) {
    assert.ok(err instanceof CustomerConfigInvalidError);
    return err.problems.map((p) => `${p.path}: ${p.message}`);
  }
  assert.fail('expected CustomerConfigInvalidError');
}

describe('customer file', () => {
  it('when a customer is valid, then defaults fill IST URLs, page size and the partner id', () => {
    const file = parseCustomerFile({ customers: [good] }, 'customers.yaml', {});
    assert.equal(file.integrationPartnerId, DEFAULT_INTEGRATION_PARTNER_ID);
    assert.equal(file.customers[0]?.tokenUrl, 'https://skolid.se/connect/token');
    assert.equal(file.customers[0]?.apiBaseUrl, 'https://api.ist.com/ss12000v2-api');
    assert.equal(file.customers[0]?.forwardCivicNo, false);
  });

  it('when ISI_INTEGRATION_PARTNER_ID is set, then it wins over the file', () => {
    const file = parseCustomerFile({ integrationPartnerId: 'FROMFILE', customers: [good] }, 'f', { ISI_INTEGRATION_PARTNER_ID: 'FROMENV' });
    assert.equal(file.integrationPartnerId, 'FROMENV');
  });

  it('when apiBaseUrl is pasted whole with /source/<id>/v2.0, then it is refused with the value to use', () => {
    const problems = problemsOf({ customers: [{ ...good, apiBaseUrl: 'https://api.ist.com/ss12000v2-api/source/EXT001/v2.0/' }] });
    assert.deepEqual(problems, ['customers[0].apiBaseUrl: must not include /source/EXT001/v2.0 (the export adds it from extensId); use apiBaseUrl: https://api.ist.com/ss12000v2-api']);
    assert.deepEqual(problemsOf({ customers: [{ ...good, apiBaseUrl: 'https://x.example/api/source/OTHER/v2.0/persons' }] }), ['customers[0].apiBaseUrl: must not include /source/OTHER/v2.0 (the export adds it from extensId); use apiBaseUrl: https://x.example/api']);
  });

  it('when the second customer lacks extensId, then the error names customers[1].extensId', () => {
    const { extensId: _drop, ...noExtens } = good;
    const problems = problemsOf({ customers: [good, { ...noExtens, id: 'kommun-b' }] });
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /^customers\[1\]\.extensId: /);
  });

  it('when the tier is unknown and a secret is inline, then both fields are named', () => {
    const problems = problemsOf({ customers: [{ ...good, tier: 'platinum', clientSecret: 'hunter2' }] });
    assert.ok(problems.some((p) => p.startsWith('customers[0].tier')));
    assert.ok(problems.some((p) => p.includes('clientSecret')));
    assert.ok(!problems.join(' ').includes('hunter2'), 'a secret value never appears in an error');
  });

  it('when two customers share an id, then the duplicate is named', () => {
    assert.deepEqual(problemsOf({ customers: [good, good] }), ['customers[1].id: duplicates customers[0].id "kommun-a"']);
  });

  it('when the file is not YAML, then the error names the file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cfg-'));
    const file = path.join(dir, 'customers.yaml');
    writeFileSync(file, 'customers: [\n  - id: x\n  bad');
    assert.throws(() => loadCustomerFile(file, {}), (err: unknown) => err instanceof CustomerConfigInvalidError && err.message.startsWith(file));
  });

  it('when the credential variable is unset, then CustomerCredentialsMissingError names it', () => {
    const customer = parseCustomerFile({ customers: [good] }, 'f', {}).customers[0]!;
    assert.throws(() => resolveCredentials(customer, { A_ID: 'x' }), (err: unknown) => err instanceof CustomerCredentialsMissingError && /A_SECRET/.test(err.message));
    assert.deepEqual(resolveCredentials(customer, { A_ID: 'x', A_SECRET: 'y' }), { clientId: 'x', clientSecret: 'y' });
  });
});
