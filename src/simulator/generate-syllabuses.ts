import { metaFor, syllabusId } from './refs.ts';
import type { Tenant } from './tenant-plan.ts';

export function syllabusCount(t: Tenant): number {
  return t.catalog.length;
}

export function syllabusRecord(t: Tenant, i: number): Record<string, unknown> {
  const def = t.catalog[i];
  if (!def) throw new Error(`syllabus ${i} out of range`);
  const rec: Record<string, unknown> = {
    id: syllabusId(t, i), meta: metaFor(t, 'syllabus', i), schoolType: def.schoolType,
    subjectCode: def.subjectCode, subjectName: def.subjectName, subjectDesignation: def.subjectDesignation,
  };
  if (def.courseCode) Object.assign(rec, { courseCode: def.courseCode, courseName: def.courseName, points: def.points });
  if (def.languageCode) rec.languageCode = def.languageCode;
  if (def.startSchoolYear !== undefined) Object.assign(rec, { startSchoolYear: def.startSchoolYear, endSchoolYear: def.endSchoolYear });
  rec.curriculum = def.schoolType === 'GR' ? 'GR2011' : 'GY2011';
  rec.official = true;
  return rec;
}
