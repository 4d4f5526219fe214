import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AccessTokens } from '../../../src/api/auth/access-tokens.ts';
import { Authenticator } from '../../../src/api/auth/authenticate.ts';
import { parseCustomerFile } from '../../../src/config/customers.ts';
import { parsePartnerFile, PartnerConfigInvalidError } from '../../../src/config/partners.ts';
import { hashSecret, isSecretHash, verifySecret } from '../../../src/config/secret-hash.ts';

const customers = parseCustomerFile({ customers: [{ id: 'kommun-a', name: 'A', extensId: 'EXT001', tier: 'silver', clientIdEnv: 'A_ID', clientSecretEnv: 'A_SECRET' }] }, 'customers.yaml', {});

function problemsOf(raw: unknown): string[] {
  try {
    parsePartnerFile(raw, 'partners.yaml', customers);
  } catch (err) {
    assert.ok(err instanceof PartnerConfigInvalidError);
    assert.ok(err.message.startsWith('partners.yaml: '), 'the message names the file');
    return err.problems.map((p) => `${p.path}${p.partner ? ` (${p.partner})` : ''}: ${p.message}`);
  }
  assert.fail('expected PartnerConfigInvalidError');
}

describe('partner file and secrets', () => {
  it('when a secret is hashed, then only that secret verifies, and the hash has the stored shape', async () => {
    const hash = await hashSecret('s3cret');
    assert.ok(isSecretHash(hash));
    assert.equal(hash.includes('s3cret'), false);
    assert.equal(await verifySecret('s3cret', hash), true);
    assert.equal(await verifySecret('s3cret ', hash), false);
    assert.notEqual(await hashSecret('s3cret'), hash, 'a fresh salt each time');
  });

  it('when the file breaks rules, then each problem names the field and the partner', async () => {
    const hash = await hashSecret('x');
    assert.deepEqual(problemsOf({ partners: [{ id: 'lms', name: 'LMS', clientSecretHash: 'plain-secret', customers: ['kommun-a'] }] }), [
      'partners[0].clientSecretHash (lms): must be a scrypt hash from `ist-export partners hash-secret`, never the secret itself',
    ]);
    assert.deepEqual(problemsOf({ partners: [{ id: 'lms', name: 'LMS', clientSecretHash: hash, customers: ['kommun-x'] }] }), ['partners[0].customers[0] (lms): customer "kommun-x" is not in the customer file']);
    assert.deepEqual(problemsOf({ partners: [{ id: 'lms', name: 'LMS', customers: ['kommun-a'] }] }), ['partners[0].clientSecretHash (lms): give clientSecretHash or apiKeyHashes: the partner has no credential']);
    assert.deepEqual(problemsOf({ partners: [{ id: 'lms', name: 'LMS', clientSecretHash: hash, customers: ['kommun-a'], civicno: true }] }), ['partners[0] (lms): Unrecognized key: "civicno"']);
    const dup = { id: 'lms', name: 'LMS', clientSecretHash: hash, customers: ['kommun-a'] };
    assert.deepEqual(problemsOf({ partners: [dup, dup] }), ['partners[1].id (lms): duplicates partners[0].id']);
  });

  it('when a valid file is read, then defaults apply: X-API-Key, 900 s tokens, 600 requests per minute, no personnummer', async () => {
    const file = parsePartnerFile({ partners: [{ id: 'lms', name: 'LMS', apiKeyHashes: [await hashSecret('k')], customers: ['kommun-a'] }] }, 'partners.yaml', customers);
    assert.equal(file.apiKeyHeader, 'X-API-Key');
    assert.equal(file.tokenTtlSeconds, 900);
    assert.equal(file.rateLimitPerMinute, 600);
    assert.equal(file.partners[0]!.civicNo, false);
  });

  it('when the API key header is configured, then keys are read from it and not from X-API-Key', async () => {
    const file = parsePartnerFile({ apiKeyHeader: 'X-Partner-Key', partners: [{ id: 'lms', name: 'LMS', apiKeyHashes: [await hashSecret('k')], customers: ['kommun-a'] }] }, 'partners.yaml', customers);
    const auth = new Authenticator(file, new AccessTokens('k'.repeat(32), 60));
    assert.equal(((await auth.authenticate({ 'x-partner-key': 'lms.k' })) as { partner: { id: string } }).partner.id, 'lms');
    assert.deepEqual(await auth.authenticate({ 'x-api-key': 'lms.k' }), { rejected: 'missing' });
    assert.deepEqual(await auth.authenticate({ 'x-partner-key': 'lms.wrong' }), { rejected: 'invalid' });
  });
});
