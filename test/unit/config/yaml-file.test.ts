import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { loadCustomerFile } from '../../../src/config/customers.ts';
import { CustomerConfigInvalidError } from '../../../src/config/errors.ts';
import { loadPartnerFile, PartnerConfigInvalidError } from '../../../src/config/partners.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ist-export-yaml-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('config files that cannot be read or parsed', () => {
  const missing = path.join(dir, 'absent.yaml');
  const broken = path.join(dir, 'broken.yaml');
  writeFileSync(broken, 'customers:\n  - id: [unclosed\n');

  it('when the customer file is missing or not YAML, then CustomerConfigInvalidError names the file and what is wrong with it', () => {
    assert.throws(() => loadCustomerFile(missing, {}), (err: unknown) => err instanceof CustomerConfigInvalidError && err.file === missing && /\(file\): cannot read the file \(ENOENT\)/.test(err.message));
    assert.throws(() => loadCustomerFile(broken, {}), (err: unknown) => err instanceof CustomerConfigInvalidError && err.file === broken && /\(file\): not valid YAML\/JSON: /.test(err.message));
  });

  it('when the partner file is missing or not YAML, then PartnerConfigInvalidError names the file and what is wrong with it', () => {
    assert.throws(() => loadPartnerFile(missing), (err: unknown) => err instanceof PartnerConfigInvalidError && /absent\.yaml.*cannot read the file \(ENOENT\)/.test(err.message));
    assert.throws(() => loadPartnerFile(broken), (err: unknown) => err instanceof PartnerConfigInvalidError && /broken\.yaml.*not valid YAML\/JSON: /.test(err.message));
  });
});
