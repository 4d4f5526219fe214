// Personnummer checks (SS 12000 Person.civicNo.value): 12 digits without separator, Luhn check digit over
// the last ten; samordningsnummer with day + 60; IST's "tillfälligt personnummer" with letters in the two
// positions after the date (e.g. 20130101TF01). Results name the kind or the failing check, never the value.

export const CivicNoCheck = {
  Personnummer: 'personnummer',
  Samordningsnummer: 'samordningsnummer',
  /** IST's temporary number: birth date + two letters (or a letter and a digit) + two digits; no check digit. */
  Temporary: 'temporary',
  InvalidFormat: 'invalid_format',
  InvalidDate: 'invalid_date',
  InvalidLuhn: 'invalid_luhn',
} as const;
export type CivicNoCheck = (typeof CivicNoCheck)[keyof typeof CivicNoCheck];

export function isValidCheck(check: CivicNoCheck): boolean {
  return check === CivicNoCheck.Personnummer || check === CivicNoCheck.Samordningsnummer || check === CivicNoCheck.Temporary;
}

/** Classify a civic number as IST sends it. Never throws. */
export function checkCivicNo(value: string): CivicNoCheck {
  if (/^\d{8}(?:[A-Za-z][A-Za-z0-9]|\d[A-Za-z])\d{2}$/.test(value)) {
    return isRealDate(value.slice(0, 8), 0) ? CivicNoCheck.Temporary : CivicNoCheck.InvalidDate;
  }
  if (!/^\d{12}$/.test(value)) return CivicNoCheck.InvalidFormat;
  const day = Number(value.slice(6, 8));
  const coordination = day > 60;
  if (!isRealDate(value.slice(0, 8), coordination ? 60 : 0)) return CivicNoCheck.InvalidDate;
  if (luhnCheckDigit(value.slice(2, 11)) !== Number(value[11])) return CivicNoCheck.InvalidLuhn;
  return coordination ? CivicNoCheck.Samordningsnummer : CivicNoCheck.Personnummer;
}

/** Luhn over YYMMDDNNN: weights 2,1,2,… from the left; the check digit completes the sum to a multiple of 10. */
export function luhnCheckDigit(nineDigits: string): number {
  let sum = 0;
  for (let i = 0; i < nineDigits.length; i++) {
    let d = (nineDigits.charCodeAt(i) - 48) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** YYYYMMDD with `dayOffset` taken off the day (60 for samordningsnummer) is a calendar date. */
function isRealDate(yyyymmdd: string, dayOffset: number): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8)) - dayOffset;
  if (year < 1850 || month < 1 || month > 12 || day < 1) return false;
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}
