// Issue 11: an apiBaseUrl pasted whole (…/source/<id>/v2.0) is refused by validate-config, as a subprocess,
// with the value to use, instead of failing every run later as an unknown customer.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { customerEntry, runCliProcess, writeCustomerFile } from '../support/cli.ts';

describe('validate-config as a subprocess', () => {
  it('when apiBaseUrl ends in /source/<extensId>/v2.0, then exit 3 names the field and the corrected value', async () => {
    const file = writeCustomerFile({ customers: [customerEntry('kommun-a', { extensId: 'EXT9', apiBaseUrl: 'https://api.ist.com/ss12000v2-api/source/EXT9/v2.0' })] });
    const r = await runCliProcess(['validate-config'], { CUSTOMERS_FILE: file });
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /^error: CustomerConfigInvalidError: .*customers\[0\]\.apiBaseUrl: must not include \/source\/EXT9\/v2\.0 .*use apiBaseUrl: https:\/\/api\.ist\.com\/ss12000v2-api$/m);
    assert.match(r.stderr, /^hint: /m);
  });
});
