import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CivicNoPolicy } from '../../../src/api/civic-no-policy.ts';
import { CivicNoCipher } from '../../../src/map/civic-no-cipher.ts';

const KEY = 'ab'.repeat(32);
const env = { CIVICNO_KEY: KEY };
const cipher = new CivicNoCipher(Buffer.from(KEY, 'hex'));
const NUMBER = '201002037271';

describe('personnummer rules for partners', () => {
  it('when customer flag × partner flag × protected identity vary, then the number goes out in clear only for true × true × not protected', () => {
    for (const forwardCivicNo of [false, true]) {
      for (const civicNo of [false, true]) {
        for (const protectedIdentity of [false, true]) {
          const policy = CivicNoPolicy.for({ forwardCivicNo }, { civicNo }, env);
          const out = policy.reveal({ civicNo: cipher.encrypt(NUMBER), protectedIdentity });
          const expected = forwardCivicNo && civicNo && !protectedIdentity ? NUMBER : undefined;
          assert.equal(out, expected, `customer ${forwardCivicNo} × partner ${civicNo} × protected ${protectedIdentity}`);
        }
      }
    }
  });

  it('when a lookup by personnummer is made, then the stored (encrypted) form is among the forms searched', () => {
    const policy = CivicNoPolicy.for({ forwardCivicNo: true }, { civicNo: true }, env);
    assert.ok(policy.stored(NUMBER).includes(cipher.encrypt(NUMBER)));
  });
});
