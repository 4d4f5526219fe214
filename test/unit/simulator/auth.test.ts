import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TokenStore } from '../../../src/simulator/auth.ts';

const tenants = [
  { customerId: 'A', seed: 1, size: 'tiny' as const, clientId: 'multi', clientSecret: 's1' },
  { customerId: 'B', seed: 2, size: 'tiny' as const, clientId: 'multi', clientSecret: 's1' },
  { customerId: 'C', seed: 3, size: 'tiny' as const, clientId: 'solo', clientSecret: 's2' },
];

void describe('TokenStore', () => {
  void it('binds a token to every tenant of the client and expires it', () => {
    let now = 1_000_000;
    const store = new TokenStore(tenants, 60, () => now);
    const res = store.issue(new URLSearchParams('grant_type=client_credentials&client_id=multi&client_secret=s1'), undefined);
    assert.equal(res.status, 200);
    const token = res.status === 200 ? res.body.access_token : '';
    assert.deepEqual([...(store.validate(`Bearer ${token}`) ?? [])].sort(), ['A', 'B']);
    now += 59_999;
    assert.ok(store.validate(`Bearer ${token}`));
    now += 1;
    assert.equal(store.validate(`Bearer ${token}`), undefined);
  });

  void it('rejects wrong secrets and grant types in OAuth2 form', () => {
    const store = new TokenStore(tenants, 60);
    const bad = store.issue(new URLSearchParams('grant_type=client_credentials&client_id=solo&client_secret=nope'), undefined);
    assert.deepEqual([bad.status, bad.body], [400, { error: 'invalid_client', error_description: 'unknown client or wrong secret' }]);
    const grant = store.issue(new URLSearchParams('grant_type=password&client_id=solo&client_secret=s2'), undefined);
    assert.equal(grant.status, 400);
    assert.equal((grant.body as { error: string }).error, 'unsupported_grant_type');
    const basic = store.issue(new URLSearchParams('grant_type=client_credentials'), `Basic ${Buffer.from('solo:s2').toString('base64')}`);
    assert.equal(basic.status, 200);
  });
});
