import { unknownCodesOfRecord } from '../ist/code-lists.ts';
import type { IstResourceName } from '../ist/resources.ts';
import type { IstRecords } from './index.ts';
import { QualityRule, type QualityIssue } from './issues.ts';

// What the source sent that the standard does not allow, kept and reported: dates SS 12000 requires
// but servers omit (read as open-ended), values outside the code lists, lists the server does not serve.
// Details name fields, values of code lists and ids; never a name, an email or a personnummer.

/** Sample ids one aggregated finding names: enough to find the records, short enough to read. */
const SAMPLE_IDS = 5;

type Issue = QualityIssue['entityType'];
const ENTITY_OF: Record<IstResourceName, Issue> = {
  organisations: 'organisation', persons: 'person', duties: 'duty', groups: 'group', activities: 'activity', syllabuses: 'syllabus',
};

interface DatedRecord {
  id: string;
  startDate?: string | undefined;
}

/** The dates SS 12000 2.1 marks required, per list: where each is read. */
const REQUIRED_DATES: { resource: IstResourceName; field: string; missing: (records: IstRecords) => string[] }[] = [
  { resource: 'duties', field: 'startDate', missing: (r) => withoutStart(r.duties) },
  { resource: 'groups', field: 'startDate', missing: (r) => withoutStart(r.groups) },
  { resource: 'activities', field: 'startDate', missing: (r) => withoutStart(r.activities) },
  { resource: 'persons', field: 'enrolments[].startDate', missing: (r) => r.persons.filter((p) => (p.enrolments ?? []).some((e) => !e.startDate)).map((p) => p.id) },
];

const withoutStart = (records: DatedRecord[]): string[] => records.filter((r) => !r.startDate).map((r) => r.id);

/** One warning per list and date field some records lack, with the count and a few ids. */
export function missingDateFindings(records: IstRecords): QualityIssue[] {
  const out: QualityIssue[] = [];
  for (const { resource, field, missing } of REQUIRED_DATES) {
    const ids = missing(records);
    if (ids.length === 0) continue;
    const sample = [...ids].sort().slice(0, SAMPLE_IDS);
    out.push({
      severity: 'warning',
      rule: QualityRule.MissingDate,
      entityType: ENTITY_OF[resource],
      istId: null,
      detail: `${resource}.${field} missing on ${ids.length} record(s), read as open-ended and kept; e.g. ${sample.join(', ')}`,
    });
  }
  return out;
}

/** One warning per record carrying a value outside its SS 12000 code list (the value is kept as sent). */
export function unknownCodeFindings(records: IstRecords): QualityIssue[] {
  const out: QualityIssue[] = [];
  for (const resource of Object.keys(ENTITY_OF) as IstResourceName[]) {
    for (const record of records[resource] as { id: string }[]) {
      const codes = unknownCodesOfRecord(resource, record);
      if (codes.length === 0) continue;
      out.push({
        severity: 'warning',
        rule: QualityRule.UnknownCode,
        entityType: ENTITY_OF[resource],
        istId: record.id,
        detail: codes.map((c) => `${resource}.${c.field} "${c.value}" is not in the SS 12000 2.1 code list; kept as sent`).join('; '),
      });
    }
  }
  return out;
}

/** One warning per optional list the server does not serve. */
export function notServedFindings(lists: readonly { resource: string; said: string }[]): QualityIssue[] {
  return lists.map(({ resource, said }) => ({
    severity: 'warning' as const,
    rule: QualityRule.ListNotServed,
    entityType: ENTITY_OF[resource as IstResourceName] ?? 'syllabus',
    istId: null,
    detail: `the server answered HTTP 404 to ${resource}${said ? ` (${said})` : ''} while the customer's other lists answer; skipped${resource === 'syllabuses' ? ', teaching groups carry no courses' : ''}`,
  }));
}
