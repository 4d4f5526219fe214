// Dates are handled as whole UTC day numbers so arithmetic stays exact and timezone-free.
const DAY_MS = 86_400_000;

export function parseDay(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`invalid date '${iso}', expected YYYY-MM-DD`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (formatDay(ms / DAY_MS) !== iso) throw new Error(`invalid date '${iso}'`);
  return ms / DAY_MS;
}

export function dayOf(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

export function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function yearOfDay(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

export function monthOfDay(day: number): number {
  return new Date(day * DAY_MS).getUTCMonth() + 1;
}

/** RFC 3339 timestamp for a day plus seconds into that day. */
export function formatTimestamp(day: number, secondOfDay: number): string {
  return new Date(day * DAY_MS + secondOfDay * 1000).toISOString();
}

export function todayInStockholm(): string {
  // sv-SE formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}
