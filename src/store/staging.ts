import type { UnknownCode } from '../ist/code-lists.ts';
import type { QuarantinedRecord } from '../ist/records.ts';
import type { Db } from './db.ts';

export interface StagedProgress {
  /** Pages stored so far for this resource (page numbers 1..pages). */
  pages: number;
  records: number;
  quarantined: number;
  /** The token for the page after the last stored one; null when the listing is complete. */
  nextPageToken: string | null;
}

/** Thrown when a listing's staged pages are not 1..n without a gap: resuming would lose records. */
export class StagedPagesGapError extends Error {
  override readonly name = 'StagedPagesGapError';
  constructor(readonly runId: string, readonly resource: string, readonly stored: number, readonly lastPage: number) {
    super(`run ${runId}, resource ${resource}: ${stored} pages staged but the last is page ${lastPage}`);
  }
}

/** Raw IST pages of runs in flight. A page is written before progress is recorded, so a retry resumes after it. */
export class Staging {
  constructor(private readonly db: Db) {}

  /** Store one page and its quarantined records. Writing the same page again leaves one copy. */
  async putPage(runId: string, resource: string, pageNo: number, records: unknown[], nextPageToken: string | null, quarantined: QuarantinedRecord[], unknownCodes?: UnknownCode[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO staged_pages (run_id, resource, page_no, records, record_count, next_page_token, unknown_codes, person_emails)
         VALUES ($1, $2, $3, $4::json, $5, $6, $7::jsonb, $8::json)
         ON CONFLICT (run_id, resource, page_no) DO UPDATE
           SET records = EXCLUDED.records, record_count = EXCLUDED.record_count, next_page_token = EXCLUDED.next_page_token,
               unknown_codes = EXCLUDED.unknown_codes, person_emails = EXCLUDED.person_emails`,
        [runId, resource, pageNo, JSON.stringify(records), records.length, nextPageToken, unknownCodes ? JSON.stringify(unknownCodes) : null, resource === 'persons' ? JSON.stringify(personEmailsOf(records)) : null],
      );
      await tx.query('DELETE FROM quarantined_records WHERE run_id = $1 AND resource = $2 AND page_no = $3', [runId, resource, pageNo]);
      // One statement for the page's quarantined records, however many (a bad page can hold hundreds).
      if (quarantined.length > 0) {
        await tx.query(
          `INSERT INTO quarantined_records (run_id, resource, page_no, ordinal, ist_id, field, reason)
           SELECT $1, $2, $3, o, i, f, r FROM unnest($4::int[], $5::text[], $6::text[], $7::text[]) AS x(o, i, f, r)`,
          [runId, resource, pageNo, quarantined.map((_, ordinal) => ordinal), quarantined.map((q) => q.istId), quarantined.map((q) => q.field), quarantined.map((q) => q.reason)],
        );
      }
    });
  }

  /**
   * Where a listing stands: the resume point for a retried fetch, read in one statement so it is
   * one consistent view even while another attempt of the same listing writes.
   */
  async progress(runId: string, resource: string): Promise<StagedProgress> {
    const [row] = await this.db.query<{ stored: number; last_page: number | null; records: number; next_page_token: string | null; quarantined: number }>(
      `SELECT count(*)::int AS stored, max(page_no) AS last_page, coalesce(sum(record_count), 0)::int AS records,
              (SELECT next_page_token FROM staged_pages WHERE run_id = $1 AND resource = $2 ORDER BY page_no DESC LIMIT 1) AS next_page_token,
              (SELECT count(*)::int FROM quarantined_records WHERE run_id = $1 AND resource = $2) AS quarantined
         FROM staged_pages WHERE run_id = $1 AND resource = $2`,
      [runId, resource],
    );
    const pages = row?.last_page ?? 0;
    // Pages are written in order, one after another; a gap would make a resume skip records.
    if ((row?.stored ?? 0) !== pages) throw new StagedPagesGapError(runId, resource, row?.stored ?? 0, pages);
    return { pages, records: row?.records ?? 0, quarantined: row?.quarantined ?? 0, nextPageToken: row?.next_page_token ?? null };
  }

  /**
   * An optional list the server does not serve (404): stored as one complete empty page, so the
   * listing reads as done and empty, with the notice the run's report shows.
   */
  async markNotServed(runId: string, resource: string, said: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM staged_pages WHERE run_id = $1 AND resource = $2', [runId, resource]);
      await tx.query('DELETE FROM quarantined_records WHERE run_id = $1 AND resource = $2', [runId, resource]);
      await tx.query(`INSERT INTO staged_pages (run_id, resource, page_no, records, record_count, next_page_token, unknown_codes) VALUES ($1, $2, 1, '[]'::json, 0, NULL, '[]'::jsonb)`, [runId, resource]);
      await tx.query('INSERT INTO run_lists_not_served (run_id, resource, said) VALUES ($1, $2, $3) ON CONFLICT (run_id, resource) DO UPDATE SET said = EXCLUDED.said', [runId, resource, said]);
    });
  }

  /** The optional lists of a run the server did not serve, with what it said. */
  async notServed(runId: string): Promise<{ resource: string; said: string }[]> {
    return this.db.query<{ resource: string; said: string }>('SELECT resource, said FROM run_lists_not_served WHERE run_id = $1 ORDER BY resource', [runId]);
  }

  /**
   * The unknown code values counted on each staged page of a list, or undefined when a page was staged
   * without them (by a worker of an older version): the caller then counts from the records.
   */
  async unknownCodes(runId: string, resource: string): Promise<UnknownCode[][] | undefined> {
    const rows = await this.db.query<{ unknown_codes: UnknownCode[] | string | null }>('SELECT unknown_codes FROM staged_pages WHERE run_id = $1 AND resource = $2 ORDER BY page_no', [runId, resource]);
    if (rows.some((r) => r.unknown_codes === null)) return undefined;
    return rows.map((r) => (typeof r.unknown_codes === 'string' ? (JSON.parse(r.unknown_codes) as UnknownCode[]) : (r.unknown_codes as UnknownCode[])));
  }

  /** Forget a listing (IST expired its page token: it restarts from page 1). */
  async resetResource(runId: string, resource: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM staged_pages WHERE run_id = $1 AND resource = $2', [runId, resource]);
      await tx.query('DELETE FROM quarantined_records WHERE run_id = $1 AND resource = $2', [runId, resource]);
    });
  }

  /**
   * The staged records of one resource, page by page in order. The next page is read while the caller
   * works on this one (one page ahead, so memory stays at two pages).
   */
  async *records(runId: string, resource: string): AsyncGenerator<unknown[]> {
    const pages = await this.db.query<{ page_no: number }>('SELECT page_no FROM staged_pages WHERE run_id = $1 AND resource = $2 ORDER BY page_no', [runId, resource]);
    const read = async (pageNo: number) => {
      const [row] = await this.db.query<{ records: unknown[] | string }>('SELECT records FROM staged_pages WHERE run_id = $1 AND resource = $2 AND page_no = $3', [runId, resource, pageNo]);
      return row && (typeof row.records === 'string' ? (JSON.parse(row.records) as unknown[]) : row.records);
    };
    let next = pages[0] ? read(pages[0].page_no) : undefined;
    for (let i = 0; next; i++) {
      const current = next;
      next = pages[i + 1] ? read(pages[i + 1]!.page_no) : undefined;
      // Awaited on the next turn; a caller that stops early must not leave it unhandled.
      next?.catch(() => {});
      const records = await current;
      if (records) yield records;
    }
  }

  /**
   * Every staged person's id and email values, a staged page at a time in staged order: what the
   * streaming mapping needs to know of all persons before it maps them (src/map/stream-customer.ts).
   * Taken when the page was staged (person_emails); a page staged without them (older worker) is read
   * by the database, with the same result.
   */
  async *personEmails(runId: string): AsyncGenerator<{ id: string; emails: string[] }[]> {
    const pages = await this.db.query<{ page_no: number; known: boolean }>(
      "SELECT page_no, person_emails IS NOT NULL AS known FROM staged_pages WHERE run_id = $1 AND resource = 'persons' ORDER BY page_no",
      [runId],
    );
    for (const { page_no, known } of pages) {
      if (known) {
        const [row] = await this.db.query<{ person_emails: { id: string; emails: string[] }[] | string }>(
          "SELECT person_emails FROM staged_pages WHERE run_id = $1 AND resource = 'persons' AND page_no = $2",
          [runId, page_no],
        );
        const list = row?.person_emails ?? [];
        yield typeof list === 'string' ? (JSON.parse(list) as { id: string; emails: string[] }[]) : list;
        continue;
      }
      yield await this.db.query<{ id: string; emails: string[] }>(
        `SELECT r.value->>'id' AS id,
                coalesce((SELECT array_agg(e.value->>'value' ORDER BY e.ordinality) FROM json_array_elements(CASE WHEN json_typeof(r.value->'emails') = 'array' THEN r.value->'emails' ELSE '[]'::json END) WITH ORDINALITY AS e(value, ordinality)
                          WHERE json_typeof(e.value->'value') = 'string'), '{}') AS emails
           FROM staged_pages p, json_array_elements(p.records) WITH ORDINALITY AS r(value, ordinality)
          WHERE p.run_id = $1 AND p.resource = 'persons' AND p.page_no = $2
          ORDER BY r.ordinality`,
        [runId, page_no],
      );
    }
  }

  async quarantined(runId: string): Promise<(QuarantinedRecord & { pageNo: number })[]> {
    const rows = await this.db.query<{ resource: string; page_no: number; ist_id: string | null; field: string; reason: string }>(
      'SELECT resource, page_no, ist_id, field, reason FROM quarantined_records WHERE run_id = $1 ORDER BY resource, page_no, ordinal',
      [runId],
    );
    return rows.map((r) => ({ resource: r.resource as QuarantinedRecord['resource'], pageNo: r.page_no, istId: r.ist_id, field: r.field, reason: r.reason }));
  }

  /** Nothing personal lingers: drop a finished run's raw pages. */
  async drop(runId: string): Promise<void> {
    await this.db.query('DELETE FROM staged_pages WHERE run_id = $1', [runId]);
  }
}

/**
 * A persons page's ids and email values (the string `value` of each entry of `emails`, in order; none
 * when `emails` is not a list): exactly what personEmails' query reads from a page staged without them.
 */
export function personEmailsOf(records: unknown[]): { id: string; emails: string[] }[] {
  return records.map((record) => {
    const r = (record ?? {}) as { id?: unknown; emails?: unknown };
    const emails = Array.isArray(r.emails)
      ? r.emails.flatMap((e: unknown) => (e !== null && typeof e === 'object' && !Array.isArray(e) && typeof (e as { value?: unknown }).value === 'string' ? [(e as { value: string }).value] : []))
      : [];
    return { id: typeof r.id === 'string' ? r.id : (r.id === undefined || r.id === null ? null : JSON.stringify(r.id)) as string, emails };
  });
}
