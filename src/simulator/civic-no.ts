// Swedish personnummer / samordningsnummer with a Luhn check digit over YYMMDDNNN.

export function luhnCheckDigit(nineDigits: string): number {
  let sum = 0;
  for (let i = 0; i < nineDigits.length; i++) {
    let d = nineDigits.charCodeAt(i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** Validates a 12-digit civic number (personnummer or samordningsnummer). */
export function isValidCivicNo(value: string): boolean {
  if (!/^\d{12}$/.test(value)) return false;
  const tail = value.slice(2);
  return luhnCheckDigit(tail.slice(0, 9)) === Number(tail[9]);
}

export function isCoordinationNumber(value: string): boolean {
  return Number(value.slice(6, 8)) > 60;
}

/** serial is 0..999; its last digit's parity encodes sex (odd = man), as Skatteverket does. */
export function makeCivicNo(year: number, month: number, day: number, serial: number, coordination: boolean): string {
  const dd = coordination ? day + 60 : day;
  const yymmdd = String(year % 100).padStart(2, '0') + String(month).padStart(2, '0') + String(dd).padStart(2, '0');
  const nnn = String(serial).padStart(3, '0');
  const check = luhnCheckDigit(yymmdd + nnn);
  return String(Math.floor(year / 100)) + yymmdd + nnn + String(check);
}
