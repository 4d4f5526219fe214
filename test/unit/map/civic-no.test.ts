import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkCivicNo, isValidCheck } from '../../../src/map/civic-no.ts';

describe('checkCivicNo', () => {
  it('when a 12-digit personnummer has the right Luhn digit, then it is a personnummer', () => {
    assert.equal(checkCivicNo('201001012382'), 'personnummer');
    assert.equal(checkCivicNo('198507099805'), 'personnummer');
  });

  it('when the check digit is wrong, then it fails Luhn', () => {
    assert.equal(checkCivicNo('201001012383'), 'invalid_luhn');
    assert.equal(isValidCheck(checkCivicNo('201001012383')), false);
  });

  it('when the day is the birth day + 60 and the digit fits, then it is a samordningsnummer', () => {
    assert.equal(checkCivicNo('201001612389'), 'samordningsnummer');
    assert.equal(checkCivicNo('201001612388'), 'invalid_luhn');
  });

  it('when IST gives a temporary number with letters after the date, then it is accepted as temporary', () => {
    assert.equal(checkCivicNo('20130101TF01'), 'temporary');
    assert.equal(checkCivicNo('20130101T001'), 'temporary');
    assert.equal(isValidCheck('temporary'), true);
  });

  it('when the date part is no calendar date, then it is invalid_date (for temporary numbers too)', () => {
    assert.equal(checkCivicNo('201002302385'), 'invalid_date');
    assert.equal(checkCivicNo('201001922381'), 'invalid_date', 'day 92 - 60 = 32');
    assert.equal(checkCivicNo('20131301TF01'), 'invalid_date');
  });

  it('when the shape is wrong (10 digits, separator, letters elsewhere, empty), then it is invalid_format, never a crash', () => {
    for (const value of ['1001012382', '20100101-2382', '2010010123AB', 'TF0120130101', '', '20130101TFX1']) assert.equal(checkCivicNo(value), 'invalid_format', value);
  });
});
