import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { CivicNoCipher, civicNoCipherFromEnv } from '../../../src/map/civic-no-cipher.ts';
import { protectStagedRecords } from '../../../src/map/civic-no-staging.ts';
import { CivicNoDecryptionFailedError, CivicNoKeyInvalidError, CivicNoKeyMissingError } from '../../../src/map/errors.ts';
import type { IstRecords } from '../../../src/map/index.ts';
import type { Person } from '../../../src/model/entities.ts';
import { sampleRecords } from '../../fixtures/ist-records.ts';
import { bronze, mapped, silver } from './helpers.ts';

const KEY = randomBytes(32).toString('hex');
const env = { CIVICNO_KEY: KEY };
const CLEAR = ['201001012382', '201001612389', '20130101TF01', '201001012383'];

/** The sample records as they come back out of staging. */
function staged(forward: boolean): IstRecords {
  const records = sampleRecords();
  return { ...records, persons: protectStagedRecords('persons', records.persons, forward, env) as IstRecords['persons'] };
}

describe('personnummer protection', () => {
  it('when person records are staged for a customer without forwardCivicNo, then no personnummer is left, only the kind of number', () => {
    const text = JSON.stringify(staged(false).persons);
    for (const value of CLEAR) assert.equal(text.includes(value), false, value);
    assert.ok(text.includes('civicno:v1:samordningsnummer"'));
    assert.ok(text.includes('civicno:v1:invalid_luhn"'));
  });

  it('when staged records are mapped, then the findings are the same as from raw records', () => {
    assert.deepEqual(mapped(bronze, staged(false)).issues, mapped(bronze).issues);
  });

  it('when a forwarding customer stages persons, then numbers are encrypted and the snapshot holds the tokens, not the numbers', () => {
    const result = mapped({ ...silver, forwardCivicNo: true }, staged(true));
    const text = JSON.stringify(result);
    for (const value of CLEAR) assert.equal(text.includes(value), false, value);
    const cipher = civicNoCipherFromEnv(env)!;
    assert.equal(cipher.decrypt(result.persons.get('p-student')!.civicNo!), '201001012382');
    assert.equal(cipher.decrypt(result.persons.get('p-temp')!.civicNo!), '20130101TF01');
    assert.equal(result.persons.get('p-bad-civic')?.civicNo, undefined, 'an invalid number is not forwarded');
  });

  it('when a person has a security marking, then the personnummer is not forwarded even for a forwarding customer', () => {
    const result = mapped({ ...silver, forwardCivicNo: true }, staged(true));
    const marked = result.persons.get('p-marked') as Person;
    assert.equal(marked.protectedIdentity, true);
    assert.equal('civicNo' in marked, false);
    assert.equal(result.persons.get('p-coord')?.protectedIdentity, false);
    assert.ok(result.persons.get('p-coord')?.civicNo, 'the same number on an unmarked person is forwarded');
  });

  it('when forwardCivicNo is off, then no person carries civicNo; raw records with a cipher get encrypted tokens, never clear', () => {
    assert.equal([...mapped().persons.values()].some((p) => 'civicNo' in p), false);
    const cipher = civicNoCipherFromEnv(env)!;
    const result = mapped({ ...silver, forwardCivicNo: true, civicNoCipher: cipher });
    assert.match(result.persons.get('p-student')!.civicNo!, /^civicno-enc:v1:/);
  });

  it('when the same number is encrypted twice, then the token is the same (stable content hashes) and another key cannot read it', () => {
    const cipher = new CivicNoCipher(Buffer.from(KEY, 'hex'));
    assert.equal(cipher.encrypt('201001012382'), cipher.encrypt('201001012382'));
    assert.notEqual(cipher.encrypt('201001012382'), cipher.encrypt('201001612389'));
    const other = new CivicNoCipher(randomBytes(32));
    assert.throws(() => other.decrypt(cipher.encrypt('201001012382')), CivicNoDecryptionFailedError);
  });

  it('when a forwarding customer has no key, or a malformed one, then staging fails with a named error', () => {
    assert.throws(() => protectStagedRecords('persons', sampleRecords().persons, true, {}), CivicNoKeyMissingError);
    assert.throws(() => protectStagedRecords('persons', sampleRecords().persons, true, { CIVICNO_KEY: 'abc' }), CivicNoKeyInvalidError);
    assert.doesNotThrow(() => protectStagedRecords('persons', sampleRecords().persons, false, {}));
    assert.equal(civicNoCipherFromEnv({ CIVICNO_KEY: Buffer.from(KEY, 'hex').toString('base64') })?.encrypt('x'), new CivicNoCipher(Buffer.from(KEY, 'hex')).encrypt('x'));
  });

  it('when other resources are staged, then they pass through untouched', () => {
    const duties = sampleRecords().duties;
    assert.equal(protectStagedRecords('duties', duties, true, env), duties);
  });
});
