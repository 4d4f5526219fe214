import type { Person as IstPerson } from '../ist/wire/resources.ts';

/** SS 12000 email types per role, in the order we pick them: school addresses first. */
export interface EmailPreference {
  student: readonly string[];
  staff: readonly string[];
}

export const DEFAULT_EMAIL_PREFERENCE: EmailPreference = {
  student: ['Skola elev', 'Skola personal', 'Arbete övrigt', 'Privat'],
  staff: ['Skola personal', 'Arbete övrigt', 'Skola elev', 'Privat'],
};

export interface EmailChoice {
  /** The best usable address by preference (types not in the list come last, in IST's order); null when none. */
  email: string | null;
  /** A syntactically invalid address ranked before the chosen one (or there was no usable one). */
  invalidPreferred: boolean;
}

/** A plain addr-spec check: one @, no spaces, a dotted domain, no empty labels. Not RFC 5322 in full. */
export function isUsableEmail(value: string): boolean {
  if (value.length > 254) return false;
  const match = /^([^\s@"(),:;<>[\\\]]+)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)$/.exec(value);
  if (!match) return false;
  const [, local = '', domain = ''] = match;
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return false;
  return domain.split('.').every((label) => label.length > 0 && !label.startsWith('-') && !label.endsWith('-'));
}

export function chooseEmail(person: IstPerson, preference: readonly string[]): EmailChoice {
  const emails = (person.emails ?? []).map((e) => ({ type: e.type, value: e.value.trim() })).filter((e) => e.value !== '');
  const rank = (type: string) => {
    const i = preference.indexOf(type);
    return i < 0 ? preference.length : i;
  };
  const ordered = emails.map((e, i) => ({ ...e, i })).sort((a, b) => rank(a.type) - rank(b.type) || a.i - b.i);
  let invalidPreferred = false;
  for (const e of ordered) {
    if (isUsableEmail(e.value)) return { email: e.value, invalidPreferred };
    invalidPreferred = true;
  }
  return { email: null, invalidPreferred };
}
