import { mapCustomer, type IstRecords, type MapOptions } from '../../../src/map/index.ts';
import type { Person, School, SchoolClass, TeachingGroup } from '../../../src/model/entities.ts';
import { RUN_DATE, sampleRecords } from '../../fixtures/ist-records.ts';

export const silver: MapOptions = { window: { runDate: RUN_DATE, lookAheadDays: 0 }, emailRequired: false, forwardCivicNo: false };
export const bronze: MapOptions = { ...silver, emailRequired: true };

/** The sample records mapped, with entities by type and id. */
export function mapped(options: MapOptions = silver, records: IstRecords = sampleRecords()) {
  const result = mapCustomer(records, options);
  const of = <T>(type: string) => new Map(result.entities.filter((e) => e.type === type).map((e) => [e.id, e.content as T]));
  return { ...result, schools: of<School>('school'), persons: of<Person>('person'), classes: of<SchoolClass>('class'), teaching: of<TeachingGroup>('teachingGroup') };
}

/** `rule:istId:severity` of every finding, sorted: compact to assert on. */
export function findings(issues: { rule: string; istId: string | null; severity: string }[], rule?: string): string[] {
  return issues
    .filter((i) => !rule || i.rule === rule)
    .map((i) => `${i.rule}:${i.istId}:${i.severity}`)
    .sort();
}
