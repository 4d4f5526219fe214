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

type Rec = Record<string, unknown>;

/** The dates SS 12000 2.1 marks required, per list: whether a record lacks it. */
const REQUIRED_DATES: { resource: IstResourceName; field: string; lacks: (record: Rec) => boolean }[] = [
  { resource: 'duties', field: 'startDate', lacks: (r) => !r.startDate },
  { resource: 'groups', field: 'startDate', lacks: (r) => !r.startDate },
  { resource: 'activities', field: 'startDate', lacks: (r) => !r.startDate },
  { resource: 'persons', field: 'enrolments[].startDate', lacks: (r) => (Array.isArray(r.enrolments) ? (r.enrolments as (Rec | undefined)[]) : []).some((e) => !e?.startDate) },
];

/** Lists in the order their unknown_code rows are reported. */
const LISTS = Object.keys(ENTITY_OF) as IstResourceName[];

/**
 * The missing_date and unknown_code findings of a run, fed a page at a time in each list's order (the
 * streaming mapping reads each staged list once and never holds it whole). What it keeps is bounded by
 * what it reports: a count and the first few ids (in sort order) per date field, one row per record
 * with an unknown code. `result()` is the same whatever the page boundaries.
 */
export class SourceFindingCollector {
  private readonly missing = REQUIRED_DATES.map(() => ({ count: 0, sample: [] as string[] }));
  private readonly unknown = new Map<IstResourceName, QualityIssue[]>();

  add(resource: IstResourceName, records: readonly unknown[]): void {
    REQUIRED_DATES.forEach((date, i) => {
      if (date.resource !== resource) return;
      const seen = this.missing[i]!;
      for (const record of records) {
        if (!record || typeof record !== 'object' || !date.lacks(record as Rec)) continue;
        seen.count++;
        seen.sample.push(String((record as Rec).id));
        // The SAMPLE_IDS smallest ids so far, as sorting every id and taking the first would give.
        if (seen.sample.length > SAMPLE_IDS) seen.sample = seen.sample.sort().slice(0, SAMPLE_IDS);
      }
    });
    const rows = this.unknown.get(resource) ?? this.unknown.set(resource, []).get(resource)!;
    for (const record of records) {
      const codes = unknownCodesOfRecord(resource, record);
      if (codes.length === 0) continue;
      rows.push({
        severity: 'warning',
        rule: QualityRule.UnknownCode,
        entityType: ENTITY_OF[resource],
        istId: String((record as Rec).id),
        detail: codes.map((c) => `${resource}.${c.field} "${c.value}" is not in the SS 12000 2.1 code list; kept as sent`).join('; '),
      });
    }
  }

  /** One missing_date warning per list and date field some records lack, then the unknown_code rows list by list. */
  result(): QualityIssue[] {
    const out: QualityIssue[] = [];
    REQUIRED_DATES.forEach(({ resource, field }, i) => {
      const { count, sample } = this.missing[i]!;
      if (count === 0) return;
      out.push({
        severity: 'warning',
        rule: QualityRule.MissingDate,
        entityType: ENTITY_OF[resource],
        istId: null,
        detail: `${resource}.${field} missing on ${count} record(s), read as open-ended and kept; e.g. ${[...sample].sort().join(', ')}`,
      });
    });
    for (const resource of LISTS) out.push(...(this.unknown.get(resource) ?? []));
    return out;
  }
}

/** Every list of a customer at once (mapCustomer): the same findings as fed a page at a time. */
export function sourceFindings(records: IstRecords): QualityIssue[] {
  const collector = new SourceFindingCollector();
  for (const resource of LISTS) collector.add(resource, records[resource]);
  return collector.result();
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
