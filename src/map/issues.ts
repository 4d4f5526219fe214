/** A data-quality finding: what the customer's administrator fixes in IST Administration. */
export interface QualityIssue {
  severity: 'error' | 'warning';
  rule: QualityRule;
  entityType: 'school' | 'person' | 'duty' | 'group' | 'activity' | 'syllabus';
  istId: string | null;
  /** Names fields and ids only; never a personnummer or an email. */
  detail: string;
}

export const QualityRule = {
  MissingEmail: 'missing_email',
  PersonWithoutSchool: 'person_without_school_relation',
  GroupMemberUnknown: 'group_member_unknown',
  GroupSchoolUnknown: 'group_school_unknown',
  TeachingGroupWithoutTeacher: 'teaching_group_without_teacher',
  DutyWithoutPerson: 'duty_without_person',
  ActivityDutyUnknown: 'activity_duty_unknown',
  ActivityGroupUnknown: 'activity_group_unknown',
  ActivitySyllabusUnknown: 'activity_syllabus_unknown',
} as const;
export type QualityRule = (typeof QualityRule)[keyof typeof QualityRule];

export function countIssues(issues: QualityIssue[]): { errors: number; warnings: number; byRule: Record<string, number> } {
  const byRule: Record<string, number> = {};
  let errors = 0;
  for (const issue of issues) {
    byRule[issue.rule] = (byRule[issue.rule] ?? 0) + 1;
    if (issue.severity === 'error') errors++;
  }
  return { errors, warnings: issues.length - errors, byRule };
}
