import assert from 'node:assert/strict';
import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CustomerFileSource } from '../../../src/config/customer-source.ts';
import { findCustomer } from '../../../src/config/customers.ts';
import { CustomerConfigInvalidError, CustomerNotConfiguredError } from '../../../src/config/errors.ts';

const customer = (id: string) => ({ id, name: id, extensId: id.toUpperCase().replace(/-/g, '_'), tier: 'silver', clientIdEnv: 'A_ID', clientSecretEnv: 'A_SECRET' });

describe('customer file as a running worker sees it', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'customer-source-'));
  const file = path.join(dir, 'customers.json');
  const write = (content: unknown) => {
    // As deploy tools do: a new file renamed over the old one.
    writeFileSync(`${file}.tmp`, JSON.stringify(content));
    renameSync(`${file}.tmp`, file);
  };

  it('when the file changes, then the next call sees added and removed customers; an unchanged file is not parsed again', () => {
    write({ customers: [customer('kommun-a')] });
    const versions: number[] = [];
    const source = new CustomerFileSource(file, {}, (f) => versions.push(f.customers.length));
    assert.equal(findCustomer(source.current(), 'kommun-a').id, 'kommun-a');
    assert.strictEqual(source.current(), source.current(), 'the same object while the file is unchanged');
    write({ customers: [customer('kommun-a'), customer('kommun-b')] });
    assert.equal(findCustomer(source.current(), 'kommun-b').id, 'kommun-b');
    write({ customers: [customer('kommun-b')] });
    assert.throws(() => findCustomer(source.current(), 'kommun-a'), CustomerNotConfiguredError);
    assert.deepEqual(versions, [1, 2, 1]);
  });

  it('when the file stops validating, then callers get CustomerConfigInvalidError naming the field until it is fixed', () => {
    write({ customers: [customer('kommun-a')] });
    const source = new CustomerFileSource(file, {});
    source.current();
    write({ customers: [{ ...customer('kommun-a'), extensId: undefined }] });
    assert.throws(() => source.current(), (err: unknown) => err instanceof CustomerConfigInvalidError && /customers\[0\]\.extensId/.test(err.message));
    write({ customers: [customer('kommun-c')] });
    assert.equal(source.current().customers[0]?.id, 'kommun-c');
  });
});
