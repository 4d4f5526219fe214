import type { Person as IstPerson } from '../ist/wire/resources.ts';

/** SS 12000 email types in the order we pick them; school addresses first. */
export const DEFAULT_EMAIL_PREFERENCE = {
  student: ['Skola elev', 'Skola personal', 'Arbete övrigt', 'Privat'],
  staff: ['Skola personal', 'Arbete övrigt', 'Skola elev', 'Privat'],
} as const;

export function chooseEmail(person: IstPerson, preference: readonly string[]): string | null {
  const emails = (person.emails ?? []).filter((e) => e.value.trim() !== '');
  for (const type of preference) {
    const match = emails.find((e) => e.type === type);
    if (match) return match.value.trim();
  }
  return emails[0]?.value.trim() ?? null;
}
