/** Inclusive date window of an SS 12000 relation; a missing bound is open. Dates are YYYY-MM-DD. */
export interface Dated {
  startDate?: string | undefined;
  endDate?: string | undefined;
}

export interface ValidityWindow {
  /** The run date in Europe/Stockholm. */
  runDate: string;
  /** Relations starting within this many days count as valid (schools expect them before term starts). */
  lookAheadDays: number;
}

export function isValidOn(item: Dated, window: ValidityWindow): boolean {
  const horizon = horizonOf(window);
  if (item.startDate && item.startDate > horizon) return false;
  if (item.endDate && item.endDate < window.runDate) return false;
  return true;
}

// The horizon is asked for once per dated record (a million times for the largest tenant) and a run
// maps with one window: remembered per window object, so Date arithmetic runs once per run.
const horizons = new WeakMap<ValidityWindow, { runDate: string; lookAheadDays: number; horizon: string }>();
function horizonOf(window: ValidityWindow): string {
  const known = horizons.get(window);
  if (known && known.runDate === window.runDate && known.lookAheadDays === window.lookAheadDays) return known.horizon;
  const horizon = addDays(window.runDate, window.lookAheadDays);
  horizons.set(window, { runDate: window.runDate, lookAheadDays: window.lookAheadDays, horizon });
  return horizon;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Today's date in Stockholm, where the schools are, whatever the server's time zone. */
export function stockholmDate(at: Date = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
