// Swedish-looking vocabularies. Deliberately include å/ä/ö/é so encoding bugs surface.

export const GIVEN_MALE = [
  'Erik', 'Lars', 'Karl', 'Anders', 'Johan', 'Per', 'Björn', 'Måns', 'Örjan', 'Göran', 'Åke', 'Sören',
  'Håkan', 'Oskar', 'Elias', 'Lucas', 'Liam', 'Hugo', 'Noah', 'Olle', 'Nils', 'Alvar', 'Viktor', 'Axel',
  'Linus', 'Jöns', 'Malte', 'Ture', 'Gösta', 'Ali', 'Mohammed', 'Adam', 'Isak', 'Vilmer', 'Sixten', 'André',
] as const;

export const GIVEN_FEMALE = [
  'Anna', 'Maria', 'Karin', 'Åsa', 'Märta', 'Linnéa', 'Signe', 'Ebba', 'Elsa', 'Astrid', 'Saga', 'Stina',
  'Ingrid', 'Britt', 'Ylva', 'Agnes', 'Maja', 'Alva', 'Selma', 'Tuva', 'Ida', 'Wilma', 'Klara', 'Siri',
  'Björk', 'Hanna', 'Frida', 'Sofia', 'Amira', 'Leila', 'Greta', 'Märit', 'Solveig', 'Ellen', 'Tyra', 'Irén',
] as const;

export const FAMILY = [
  'Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson',
  'Gustafsson', 'Pettersson', 'Jönsson', 'Jansson', 'Hansson', 'Bengtsson', 'Åkesson', 'Lindberg', 'Jakobsson',
  'Magnusson', 'Lindström', 'Söderström', 'Sjöberg', 'Åberg', 'Öberg', 'Ängström', 'Strömberg', 'Hägglund',
  'Blomqvist', 'Nyström', 'Löfgren', 'Backström', 'Holmström', 'Åström', 'Björklund', 'Forsgren', 'Sandström',
  'Lindqvist', 'Wallén', 'Engström', 'Hedén', 'Ek', 'Lönnqvist', 'Mäkelä', 'Yilmaz', 'Hassan', 'Nguyen',
] as const;

export interface Municipality { code: string; name: string; slug: string }

export const MUNICIPALITIES: readonly Municipality[] = [
  { code: '0180', name: 'Stockholm', slug: 'stockholm' },
  { code: '0183', name: 'Sundbyberg', slug: 'sundbyberg' },
  { code: '0380', name: 'Uppsala', slug: 'uppsala' },
  { code: '0580', name: 'Linköping', slug: 'linkoping' },
  { code: '0680', name: 'Jönköping', slug: 'jonkoping' },
  { code: '1280', name: 'Malmö', slug: 'malmo' },
  { code: '1480', name: 'Göteborg', slug: 'goteborg' },
  { code: '1490', name: 'Borås', slug: 'boras' },
  { code: '1880', name: 'Örebro', slug: 'orebro' },
  { code: '2281', name: 'Sundsvall', slug: 'sundsvall' },
  { code: '2480', name: 'Umeå', slug: 'umea' },
  { code: '0114', name: 'Upplands Väsby', slug: 'upplandsvasby' },
];

const SCHOOL_STEMS = [
  'Björk', 'Ek', 'Sol', 'Lind', 'Ängs', 'Sjö', 'Hög', 'Ås', 'Strand', 'Berg', 'Skogs', 'Älv', 'Hag', 'Gran',
  'Rönn', 'Kastanje', 'Norr', 'Söder', 'Väster', 'Öster', 'Kvarn', 'Hammar', 'Lövs', 'Tall', 'Dal', 'Fors',
  'Holm', 'Ljung', 'Mål', 'Näck', 'Kullen', 'Vik', 'Bäck', 'Äng', 'Hav', 'Kungs', 'Drottning', 'Slotts',
] as const;
const GR_SUFFIX = ['skolan', 'backens skola', 'ängsskolan', 'dalsskolan', 'hagaskolan', 'viksskolan'] as const;
const GY_SUFFIX = ['gymnasiet', 'backens gymnasium', 'ska gymnasiet', 'dalens gymnasium'] as const;

/** Unique per index: the stem/suffix pair is enumerated, then numbered once exhausted. */
export function schoolName(index: number, gymnasium: boolean): string {
  const suffixes = gymnasium ? GY_SUFFIX : GR_SUFFIX;
  const stem = SCHOOL_STEMS[index % SCHOOL_STEMS.length] ?? 'Björk';
  const round = Math.floor(index / SCHOOL_STEMS.length);
  const suffix = suffixes[round % suffixes.length] ?? suffixes[0];
  const n = Math.floor(round / suffixes.length);
  return `${stem}${suffix}${n > 0 ? ` ${n + 1}` : ''}`;
}

const TRANSLIT: Record<string, string> = { å: 'a', ä: 'a', ö: 'o', é: 'e', ü: 'u', Å: 'a', Ä: 'a', Ö: 'o', É: 'e' };

/** ASCII for e-mail local parts (ajv's email format, like many mail systems, rejects å/ä/ö). */
export function asciiSlug(s: string): string {
  return s.replace(/[åäöéüÅÄÖÉ]/g, (c) => TRANSLIT[c] ?? c).toLowerCase().replace(/[^a-z0-9]/g, '');
}
