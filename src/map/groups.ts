import type { Activity, Group, Syllabus } from '../ist/wire/resources.ts';
import type { Course, SchoolClass, TeachingGroup } from '../model/entities.ts';
import type { ActiveDuty } from './duties.ts';
import { QualityRule, type QualityIssue } from './issues.ts';
import type { IdSet } from './id-set.ts';
import { isValidOn, type ValidityWindow } from './validity.ts';

export interface MappedGroups {
  classes: SchoolClass[];
  teachingGroups: TeachingGroup[];
}

/** Classes (Klass) and teaching groups (Undervisning) with their valid members, teachers and courses. */
export function mapGroups(
  groups: Group[],
  activities: Activity[],
  syllabuses: Syllabus[],
  duties: Map<string, ActiveDuty>,
  schoolIds: Set<string>,
  personIds: IdSet,
  mentors: Map<string, Set<string>>,
  window: ValidityWindow,
  issues: QualityIssue[],
): MappedGroups {
  const classes = new Map<string, SchoolClass>();
  const teaching = new Map<string, TeachingGroup>();
  const allGroupIds = new Set(groups.map((g) => g.id));
  for (const group of groups) {
    if (group.groupType !== 'Klass' && group.groupType !== 'Undervisning') continue;
    if (!isValidOn(group, window)) {
      reportEndedWithMembers(group, window, issues);
      continue;
    }
    if (!schoolIds.has(group.organisation.id)) {
      issues.push({ severity: 'error', rule: QualityRule.GroupSchoolUnknown, entityType: 'group', istId: group.id, displayName: group.displayName, detail: `group.organisation ${group.organisation.id} is not an active school unit` });
      continue;
    }
    const studentIds = new Set<string>();
    for (const membership of group.groupMemberships ?? []) {
      if (!isValidOn(membership, window)) continue;
      if (!personIds.has(membership.person.id)) {
        issues.push({ severity: 'warning', rule: QualityRule.GroupMemberUnknown, entityType: 'group', istId: group.id, displayName: group.displayName, detail: `groupMemberships person ${membership.person.id} is not among the persons` });
        continue;
      }
      studentIds.add(membership.person.id);
    }
    const base = {
      id: group.id,
      name: group.displayName,
      schoolId: group.organisation.id,
      schoolType: group.schoolType ?? null,
      startDate: group.startDate ?? null,
      endDate: group.endDate ?? null,
      studentIds: [...studentIds].sort(),
      mentorIds: [...(mentors.get(group.id) ?? [])].sort(),
    };
    if (group.groupType === 'Klass') classes.set(group.id, base);
    else teaching.set(group.id, { ...base, teacherIds: [], courses: [] });
  }

  const syllabusById = new Map(syllabuses.map((s) => [s.id, s]));
  for (const activity of activities) {
    if (!isValidOn(activity, window)) continue;
    const teacherIds: string[] = [];
    for (const assignment of activity.teachers ?? []) {
      if (!isValidOn(assignment, window)) continue;
      const duty = duties.get(assignment.duty.id);
      if (!duty) {
        issues.push({ severity: 'warning', rule: QualityRule.ActivityDutyUnknown, entityType: 'activity', istId: activity.id, displayName: activity.displayName, detail: `teachers.duty ${assignment.duty.id} is not an active duty` });
        continue;
      }
      teacherIds.push(duty.personId);
    }
    const syllabus = activity.syllabus ? syllabusById.get(activity.syllabus.id) : undefined;
    if (activity.syllabus && !syllabus) {
      issues.push({ severity: 'warning', rule: QualityRule.ActivitySyllabusUnknown, entityType: 'activity', istId: activity.id, displayName: activity.displayName, detail: `syllabus ${activity.syllabus.id} is not among the syllabuses` });
    }
    for (const ref of activity.groups) {
      const group = teaching.get(ref.id);
      const taughtClass = classes.get(ref.id);
      if (taughtClass && teacherIds.length > 0) {
        // A class taught directly (no teaching group between): its teachers are the activity's.
        taughtClass.teacherIds = [...new Set([...(taughtClass.teacherIds ?? []), ...teacherIds])].sort();
        continue;
      }
      if (!group) {
        if (!allGroupIds.has(ref.id)) {
          issues.push({ severity: 'warning', rule: QualityRule.ActivityGroupUnknown, entityType: 'activity', istId: activity.id, displayName: activity.displayName, detail: `groups ${ref.id} is not among the groups` });
        }
        continue; // activities of ended groups, or of classes without a teacher, carry no relation
      }
      group.teacherIds = [...new Set([...group.teacherIds, ...teacherIds])].sort();
      if (syllabus && !group.courses.some((c) => c.syllabusId === syllabus.id)) {
        group.courses = [...group.courses, toCourse(syllabus)].sort((a, b) => a.syllabusId.localeCompare(b.syllabusId));
      }
    }
  }
  for (const group of teaching.values()) {
    if (group.teacherIds.length === 0) {
      issues.push({ severity: 'warning', rule: QualityRule.TeachingGroupWithoutTeacher, entityType: 'group', istId: group.id, displayName: group.name, detail: 'no activity links a teacher (duty) to this teaching group' });
    }
  }
  return { classes: [...classes.values()], teachingGroups: [...teaching.values()] };
}

/** A group whose endDate has passed but whose memberships have not: IST still shows the members in it. */
function reportEndedWithMembers(group: Group, window: ValidityWindow, issues: QualityIssue[]): void {
  if (group.groupType !== 'Klass' && group.groupType !== 'Undervisning') return;
  if (!group.endDate || group.endDate >= window.runDate) return; // not ended: it starts later
  const current = (group.groupMemberships ?? []).filter((m) => isValidOn(m, window)).length;
  if (current === 0) return;
  issues.push({
    severity: 'warning',
    rule: QualityRule.EndedGroupWithMembers,
    entityType: 'group',
    istId: group.id,
    displayName: group.displayName,
    detail: `group ended ${group.endDate} but ${current} membership(s) are current; the group is not published`,
  });
}

function toCourse(s: Syllabus): Course {
  return {
    syllabusId: s.id,
    subjectCode: s.subjectCode ?? null,
    subjectName: s.subjectName ?? null,
    courseCode: s.courseCode ?? null,
    courseName: s.courseName ?? null,
  };
}
