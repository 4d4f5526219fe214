import { QualityRule } from '../map/issues.ts';

/** One line each: what the administrator does in IST Administration, in Swedish and in English. */
export interface FixHint {
  sv: string;
  en: string;
}

export const FIX_HINTS: Record<QualityRule, FixHint> = {
  [QualityRule.MissingEmail]: {
    sv: 'Lägg in en e-postadress (helst skolans adress) på personen i IST Administration.',
    en: 'Add an email address (preferably the school address) to the person in IST Administration.',
  },
  [QualityRule.InvalidEmail]: {
    sv: 'Rätta e-postadressen på personen; den har inte formen namn@domän.se.',
    en: "Correct the person's email address; it is not of the form name@domain.se.",
  },
  [QualityRule.DuplicateEmail]: {
    sv: 'Samma e-postadress finns på flera personer; ge varje person en egen adress.',
    en: 'Several persons have the same email address; give each person an address of their own.',
  },
  [QualityRule.InvalidCivicNo]: {
    sv: 'Kontrollera personnumret (12 siffror, kontrollsiffra, samordningsnummer dag + 60) och rätta det.',
    en: 'Check the personal identity number (12 digits, check digit, coordination number day + 60) and correct it.',
  },
  [QualityRule.PersonWithoutSchool]: {
    sv: 'Personen saknar inskrivning och tjänstgöring på en aktiv skolenhet; lägg till den eller avsluta personen.',
    en: 'The person has no enrolment or duty at an active school unit; add one or close the person.',
  },
  [QualityRule.GroupMemberUnknown]: {
    sv: 'Gruppen har en medlem som inte finns bland personerna; ta bort eller rätta medlemskapet.',
    en: 'The group has a member who is not among the persons; remove or correct the membership.',
  },
  [QualityRule.GroupSchoolUnknown]: {
    sv: 'Gruppen hör till en enhet som inte är en aktiv skolenhet; flytta gruppen eller avsluta den.',
    en: 'The group belongs to a unit that is not an active school unit; move or close the group.',
  },
  [QualityRule.GroupAssignmentDutyUnknown]: {
    sv: 'Mentorskopplingen pekar på en tjänstgöring som inte är aktiv; koppla en aktiv tjänstgöring.',
    en: 'The mentor assignment points at a duty that is not active; assign an active duty.',
  },
  [QualityRule.TeachingGroupWithoutTeacher]: {
    sv: 'Undervisningsgruppen saknar lärare; lägg till en lärare på aktiviteten för gruppen.',
    en: "The teaching group has no teacher; add a teacher to the group's activity.",
  },
  [QualityRule.DutyWithoutPerson]: {
    sv: 'Tjänstgöringen saknar person; koppla den till en person eller avsluta den.',
    en: 'The duty has no person; link it to a person or close it.',
  },
  [QualityRule.ActivityDutyUnknown]: {
    sv: 'Aktiviteten har en lärare vars tjänstgöring inte är aktiv; byt till en aktiv tjänstgöring.',
    en: 'The activity has a teacher whose duty is not active; switch to an active duty.',
  },
  [QualityRule.ActivityGroupUnknown]: {
    sv: 'Aktiviteten pekar på en grupp som inte finns; rätta eller ta bort gruppkopplingen.',
    en: 'The activity points at a group that does not exist; correct or remove the group link.',
  },
  [QualityRule.ActivitySyllabusUnknown]: {
    sv: 'Aktiviteten pekar på en kurs/ett ämne som inte finns; välj en giltig kursplan.',
    en: 'The activity points at a course/subject that does not exist; choose a valid syllabus.',
  },
  [QualityRule.EndedGroupWithMembers]: {
    sv: 'Gruppen är avslutad men har kvar aktuella medlemmar; avsluta medlemskapen eller förläng gruppen.',
    en: 'The group has ended but still has current members; end the memberships or extend the group.',
  },
  [QualityRule.MissingDate]: {
    sv: 'Posterna saknar ett datum som SS 12000 kräver (räknas som tillsvidare); lägg in startdatum i IST Administration.',
    en: 'The records lack a date SS 12000 requires (read as open-ended); enter the start date in IST Administration.',
  },
  [QualityRule.UnknownCode]: {
    sv: 'Värdet finns inte i SS 12000:s kodlista; välj ett värde ur kodlistan (värdet skickas vidare som det är).',
    en: 'The value is not in the SS 12000 code list; choose a value from the code list (it is passed on as sent).',
  },
  [QualityRule.ListNotServed]: {
    sv: 'Leverantörens SS 12000-tjänst saknar listan; be leverantören att öppna den (till dess saknas t.ex. kurser).',
    en: "The supplier's SS 12000 service does not serve this list; ask the supplier to open it (until then e.g. courses are empty).",
  },
  [QualityRule.Quarantined]: {
    sv: 'Posten saknar eller har fel på ett fält som exporten behöver och publiceras inte; rätta fältet i IST Administration.',
    en: 'The record lacks a field the export needs, or has it wrong, and is not published; correct the field in IST Administration.',
  },
};

export function hintFor(rule: string): FixHint {
  return FIX_HINTS[rule as QualityRule] ?? { sv: 'Kontrollera posten i IST Administration.', en: 'Check the record in IST Administration.' };
}
