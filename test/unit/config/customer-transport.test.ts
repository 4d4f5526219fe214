// The per-customer route: transport ss12000 (default) or isi with its `isi:` block; errors name the field.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCustomerFile } from '../../../src/config/customers.ts';
import { CustomerConfigInvalidError } from '../../../src/config/errors.ts';
import { DEFAULT_ISI_ENDPOINT } from '../../../src/isi/settings.ts';

const base = { id: 'kommun-a', name: 'Kommun A', extensId: 'EXT001', tier: 'silver' };

function problemsOf(customer: Record<string, unknown>): string[] {
  try {
    parseCustomerFile({ customers: [customer] }, 'customers.yaml', {});
  } catch (err) {
    assert.ok(err instanceof CustomerConfigInvalidError);
    return err.problems.map((p) => `${p.path}: ${p.message}`);
  }
  assert.fail('expected CustomerConfigInvalidError');
}

describe('customer transport', () => {
  it('when transport is unset, then it is ss12000 and the REST credential variables are required', () => {
    const file = parseCustomerFile({ customers: [{ ...base, clientIdEnv: 'A_ID', clientSecretEnv: 'A_SECRET' }] }, 'f', {});
    assert.equal(file.customers[0]?.transport, 'ss12000');
    assert.deepEqual(problemsOf(base), ['customers[0].clientIdEnv: required when transport is ss12000', 'customers[0].clientSecretEnv: required when transport is ss12000']);
  });

  it('when transport is isi with only a password variable, then the ISI defaults apply and no REST credentials are needed', () => {
    const file = parseCustomerFile({ customers: [{ ...base, transport: 'isi', isi: { passwordEnv: 'ISI_PASSWORD' } }] }, 'f', {});
    assert.deepEqual(file.customers[0]?.isi, {
      endpoint: DEFAULT_ISI_ENDPOINT, passwordEnv: 'ISI_PASSWORD', serviceClass: 'imsService', messageClass: 'IMS2013', params: {},
      fetchSize: 1, pullTimeoutMs: 18000, pollIntervalSeconds: 30, deadlineMinutes: 240,
    });
  });

  it('when transport is isi without an isi block, or the block is wrong, then the error names the field', () => {
    assert.deepEqual(problemsOf({ ...base, transport: 'isi' }), ['customers[0].isi: required when transport is isi (at least isi.passwordEnv)']);
    const problems = problemsOf({ ...base, transport: 'isi', isi: { passwordEnv: 'lower', pullTimeoutMs: 10, params: { schoolyear: 2025 }, extra: 1 } });
    for (const field of ['isi.passwordEnv', 'isi.pullTimeoutMs', 'isi.params.schoolyear', 'isi']) assert.ok(problems.some((p) => p.startsWith(`customers[0].${field}:`)), `${field} in ${problems.join(' | ')}`);
    assert.ok(problemsOf({ ...base, transport: 'soap' }).some((p) => p.startsWith('customers[0].transport:')));
  });
});
