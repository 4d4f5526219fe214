// Syllabus catalogue and which subjects a class is taught in. Fixed lists: the tenant's syllabuses
// are this catalogue (GY courses only when the tenant has a GY school).

export interface SyllabusDef {
  key: string;
  schoolType: 'GR' | 'GY';
  subjectCode: string;
  subjectName: string;
  subjectDesignation: string;
  courseCode?: string;
  courseName?: string;
  points?: number;
  languageCode?: string;
  startSchoolYear?: number;
  endSchoolYear?: number;
}

const GR_SUBJECTS: Array<[string, string]> = [
  ['SV', 'Svenska'], ['MA', 'Matematik'], ['EN', 'Engelska'], ['NO', 'Naturorienterande ämnen'],
  ['SO', 'Samhällsorienterande ämnen'], ['BI', 'Biologi'], ['FY', 'Fysik'], ['KE', 'Kemi'], ['HI', 'Historia'],
  ['GE', 'Geografi'], ['SH', 'Samhällskunskap'], ['RE', 'Religionskunskap'], ['IDH', 'Idrott och hälsa'],
  ['HKK', 'Hem- och konsumentkunskap'], ['BL', 'Bild'], ['MU', 'Musik'], ['SL', 'Slöjd'], ['TK', 'Teknik'],
];

const GR_LANGUAGES: Array<[string, string, string]> = [
  ['SPA', 'spa', 'spanska'], ['TYS', 'deu', 'tyska'], ['FRA', 'fra', 'franska'],
];

const GY_COURSES: Array<[string, string, string, string, number]> = [
  ['SVESVE01', 'Svenska 1', 'SVE', 'Svenska', 100], ['SVESVE02', 'Svenska 2', 'SVE', 'Svenska', 100],
  ['SVESVE03', 'Svenska 3', 'SVE', 'Svenska', 100], ['MATMAT01b', 'Matematik 1b', 'MAT', 'Matematik', 100],
  ['MATMAT02b', 'Matematik 2b', 'MAT', 'Matematik', 100], ['MATMAT03b', 'Matematik 3b', 'MAT', 'Matematik', 100],
  ['ENGENG05', 'Engelska 5', 'ENG', 'Engelska', 100], ['ENGENG06', 'Engelska 6', 'ENG', 'Engelska', 100],
  ['IDRIDR01', 'Idrott och hälsa 1', 'IDR', 'Idrott och hälsa', 100], ['HISHIS01b', 'Historia 1b', 'HIS', 'Historia', 100],
  ['SAMSAM01b', 'Samhällskunskap 1b', 'SAM', 'Samhällskunskap', 100], ['RELREL01', 'Religionskunskap 1', 'REL', 'Religionskunskap', 50],
  ['FYSFYS01a', 'Fysik 1a', 'FYS', 'Fysik', 150], ['KEMKEM01', 'Kemi 1', 'KEM', 'Kemi', 100],
  ['PSKPSY01', 'Psykologi 1', 'PSK', 'Psykologi', 50], ['MODSPA03', 'Moderna språk 3 – spanska', 'MOD', 'Moderna språk', 100],
  ['MODTYS03', 'Moderna språk 3 – tyska', 'MOD', 'Moderna språk', 100], ['MODFRA03', 'Moderna språk 3 – franska', 'MOD', 'Moderna språk', 100],
];

export function buildCatalog(withGy: boolean): SyllabusDef[] {
  const out: SyllabusDef[] = GR_SUBJECTS.map(([code, name]) => ({
    key: `GR:${code}`, schoolType: 'GR', subjectCode: code, subjectName: name, subjectDesignation: code,
    startSchoolYear: 1, endSchoolYear: 9,
  }));
  for (const [des, lang, name] of GR_LANGUAGES) {
    out.push({
      key: `GR:M2${des}`, schoolType: 'GR', subjectCode: 'M2', subjectName: `Moderna språk, ${name}`,
      subjectDesignation: `M2${des}`, languageCode: lang, startSchoolYear: 6, endSchoolYear: 9,
    });
  }
  if (withGy) {
    for (const [courseCode, courseName, subjectCode, subjectName, points] of GY_COURSES) {
      out.push({
        key: `GY:${courseCode}`, schoolType: 'GY', subjectCode, subjectName, subjectDesignation: subjectCode,
        courseCode, courseName, points,
      });
    }
  }
  return out;
}

/** Number of whole-class teaching groups per class; fixed so group indices stay arithmetic. */
export const SUBJECTS_PER_CLASS = 5;

/** Syllabus keys for the whole-class teaching groups of a class (length SUBJECTS_PER_CLASS). */
export function classSubjects(schoolType: 'GR' | 'GY', year: number): string[] {
  if (schoolType === 'GY') {
    const byYear: Record<number, string[]> = {
      1: ['SVESVE01', 'MATMAT01b', 'ENGENG05', 'IDRIDR01', 'HISHIS01b'],
      2: ['SVESVE02', 'MATMAT02b', 'ENGENG06', 'SAMSAM01b', 'RELREL01'],
      3: ['SVESVE03', 'MATMAT03b', 'FYSFYS01a', 'KEMKEM01', 'PSKPSY01'],
    };
    return (byYear[year] ?? byYear[1] ?? []).map((c) => `GY:${c}`);
  }
  if (year <= 3) return ['SV', 'MA', 'EN', 'NO', 'IDH'].map((c) => `GR:${c}`);
  if (year <= 6) return ['SV', 'MA', 'EN', 'SO', 'IDH'].map((c) => `GR:${c}`);
  const nat = ['BI', 'FY', 'KE'][(year - 7) % 3] ?? 'BI';
  const soc = ['HI', 'GE', 'SH'][(year - 7) % 3] ?? 'HI';
  return ['SV', 'MA', 'EN', nat, soc].map((c) => `GR:${c}`);
}

/** Cross-class language groups: GR from year 6 (M2), GY all years (Moderna språk 3). */
export function languageKeys(schoolType: 'GR' | 'GY', year: number): string[] {
  if (schoolType === 'GY') return ['GY:MODSPA03', 'GY:MODTYS03', 'GY:MODFRA03'];
  return year >= 6 ? ['GR:M2SPA', 'GR:M2TYS', 'GR:M2FRA'] : [];
}

/** Short label used in teaching-group names, e.g. "MA 7B" or "MATMAT01b NA23A". */
export function subjectLabel(def: SyllabusDef): string {
  return def.courseCode ?? def.subjectDesignation;
}
