/** A data-quality finding: what the customer's administrator fixes in IST Administration. */
export interface QualityIssue {
  /** error: the record is not published; warning: published, the bad value dropped. */
  severity: 'error' | 'warning';
  rule: QualityRule;
  entityType: 'school' | 'organisation' | 'person' | 'duty' | 'group' | 'activity' | 'syllabus';
  istId: string | null;
  /** The record's name as IST shows it, to find it in IST Administration; never for persons with security marking. */
  displayName?: string | null;
  /** Names fields and ids only; never a personnummer or an email. */
  detail: string;
}

export const QualityRule = {
  MissingEmail: 'missing_email',
  InvalidEmail: 'invalid_email',
  DuplicateEmail: 'duplicate_email',
  InvalidCivicNo: 'invalid_civic_no',
  PersonWithoutSchool: 'person_without_school_relation',
  GroupMemberUnknown: 'group_member_unknown',
  GroupSchoolUnknown: 'group_school_unknown',
  GroupAssignmentDutyUnknown: 'group_assignment_duty_unknown',
  TeachingGroupWithoutTeacher: 'teaching_group_without_teacher',
  DutyWithoutPerson: 'duty_without_person',
  ActivityDutyUnknown: 'activity_duty_unknown',
  ActivityGroupUnknown: 'activity_group_unknown',
  ActivitySyllabusUnknown: 'activity_syllabus_unknown',
  /** A group that has ended still lists current members. */
  EndedGroupWithMembers: 'ended_group_with_members',
  /** A date SS 12000 requires is missing: treated as open-ended; one finding per record type and field. */
  MissingDate: 'missing_date',
  /** A value outside its SS 12000 code list, kept as sent: one finding per record. */
  UnknownCode: 'unknown_code',
  /** The server does not serve an optional list (404 while the customer's other lists answer): left empty. */
  ListNotServed: 'list_not_served',
  /** A record the export cannot use at all (no or malformed id, wrong type of a field it needs): not published. */
  Quarantined: 'quarantined',
} as const;
export type QualityRule = (typeof QualityRule)[keyof typeof QualityRule];

export interface IssueCounts {
  errors: number;
  warnings: number;
  /** rule → findings; every rule listed, zero included, so a report shows what was checked. */
  byRule: Record<string, number>;
}

export function countIssues(issues: QualityIssue[]): IssueCounts {
  const byRule: Record<string, number> = Object.fromEntries(Object.values(QualityRule).map((r) => [r, 0]));
  let errors = 0;
  for (const issue of issues) {
    byRule[issue.rule] = (byRule[issue.rule] ?? 0) + 1;
    if (issue.severity === 'error') errors++;
  }
  return { errors, warnings: issues.length - errors, byRule };
}
