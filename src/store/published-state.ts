import type { Db, DbTx } from './db.ts';

// Read side for the partner API: a customer's published entities as they stood at one publication
// (change-log seq). At the current seq it reads published_entities; at an older seq (a listing that
// began before a newer run was published) it rebuilds that state from the change log, which holds
// every published change: the latest change at or before the seq, unless it was a deletion. Either
// way rows come in id order with keyset paging, never a whole list in memory.

export interface PublishedRow<T = unknown> {
  id: string;
  content: T;
  /** Publication time of the run that created the entity (last creation at or before the seq). */
  created: Date;
  /** Publication time of the run that last changed it (at or before the seq). */
  modified: Date;
}

export interface PublicationPoint {
  seq: number;
  runId: string;
  publishedAt: Date;
}

/** Which rows of one entity type: after an id (keyset), or these ids; optionally a content condition. */
export interface RowQuery {
  entityType: string;
  /** Keyset: ids greater than this (or equal, with `inclusive`). */
  after?: string;
  inclusive?: boolean;
  ids?: readonly string[];
  limit?: number;
  /** Only rows modified after this time (SS 12000 meta.modified.after). */
  modifiedAfter?: Date;
  /** Only persons with at least one duty. */
  hasDuties?: boolean;
  /** Only groups one of whose mentors is among these person ids. */
  mentoredBy?: readonly string[];
  /** Only persons holding this duty id. */
  dutyId?: string;
  /** Only rows whose top-level string field is one of these (e.g. the stored, encrypted civicNo; schoolUnitCode). */
  fieldIn?: { field: string; values: readonly string[] };
  /** Only teaching groups one of whose activities (src/api/ss12000/render.ts activityId) has one of these ids. */
  activityIds?: readonly string[];
}

/** SQL of the state at seq $3 of type $2 of customer $1: columns id, content, created, modified. */
function stateSql(current: boolean): string {
  const created = `(SELECT r0.published_at FROM change_log c0 JOIN runs r0 ON r0.run_id = c0.run_id
     WHERE c0.customer_id = $1 AND c0.entity_type = $2 AND c0.entity_id = %ID% AND c0.kind = 'created' AND c0.seq <= $3
     ORDER BY c0.seq DESC LIMIT 1)`;
  if (current) {
    return `SELECT p.entity_id AS id, p.content, r.published_at AS modified, ${created.replace('%ID%', 'p.entity_id')} AS created
      FROM published_entities p JOIN runs r ON r.run_id = p.run_id
      WHERE p.customer_id = $1 AND p.entity_type = $2`;
  }
  return `SELECT x.entity_id AS id, x.content, r.published_at AS modified, ${created.replace('%ID%', 'x.entity_id')} AS created
    FROM (SELECT DISTINCT ON (entity_id) entity_id, kind, content, run_id FROM change_log
          WHERE customer_id = $1 AND entity_type = $2 AND seq <= $3
          ORDER BY entity_id, seq DESC) x
    JOIN runs r ON r.run_id = x.run_id
    WHERE x.kind <> 'deleted'`;
}

/** One consistent read of a customer's published state at a pinned publication. */
export class PublishedStateView {
  constructor(
    private readonly tx: DbTx,
    readonly customerId: string,
    readonly seq: number,
    private readonly current: boolean,
  ) {}

  async rows<T = unknown>(q: RowQuery): Promise<PublishedRow<T>[]> {
    const params: unknown[] = [this.customerId, q.entityType, this.seq];
    const where: string[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (q.after !== undefined) where.push(`s.id ${q.inclusive ? '>=' : '>'} ${param(q.after)}`);
    if (q.ids) where.push(`s.id = ANY(${param(q.ids)}::text[])`);
    if (q.modifiedAfter) where.push(`s.modified > ${param(q.modifiedAfter)}::timestamptz`);
    if (q.hasDuties) where.push(`jsonb_array_length(s.content->'duties') > 0`);
    if (q.mentoredBy) where.push(`(s.content->'mentorIds') ?| ${param(q.mentoredBy)}::text[]`);
    if (q.dutyId !== undefined) where.push(`(s.content->'duties') @> jsonb_build_array(jsonb_build_object('dutyId', ${param(q.dutyId)}::text))`);
    if (q.fieldIn) where.push(`s.content->>${param(q.fieldIn.field)}::text = ANY(${param(q.fieldIn.values)}::text[])`);
    if (q.activityIds) {
      const ids = param(q.activityIds);
      where.push(`(md5('activity/' || s.id || '/')::uuid::text = ANY(${ids}::text[])
        OR EXISTS (SELECT 1 FROM jsonb_array_elements(s.content->'courses') c WHERE md5('activity/' || s.id || '/' || (c->>'syllabusId'))::uuid::text = ANY(${ids}::text[])))`);
    }
    const limit = q.limit !== undefined ? ` LIMIT ${param(q.limit)}` : '';
    const sql = `SELECT s.id, s.content, s.created, s.modified FROM (${stateSql(this.current)}) s
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY s.id${limit}`;
    const rows = await this.tx.query<{ id: string; content: T; created: Date | string | null; modified: Date | string }>(sql, params);
    return rows.map((r) => ({ id: r.id, content: r.content, created: toDate(r.created ?? r.modified), modified: toDate(r.modified) }));
  }

  async distinctValues(entityType: string, field: string, q: { after?: string; inclusive?: boolean; limit: number; ids?: readonly string[]; modifiedAfter?: Date }): Promise<PublishedRow<null>[]> {
    const params: unknown[] = [this.customerId, entityType, this.seq, field, q.after ?? '', q.limit];
    let ids = '';
    let having = '';
    if (q.ids) {
      params.push(q.ids);
      ids = ` AND s.content->>$4::text = ANY($${params.length}::text[])`;
    }
    if (q.modifiedAfter) {
      params.push(q.modifiedAfter);
      having = ` HAVING max(s.modified) > $${params.length}::timestamptz`;
    }
    const rows = await this.tx.query<{ id: string; created: Date | string; modified: Date | string }>(
      `SELECT s.content->>$4::text AS id, min(coalesce(s.created, s.modified)) AS created, max(s.modified) AS modified
       FROM (${stateSql(this.current)}) s
       WHERE s.content->>$4::text IS NOT NULL AND s.content->>$4::text ${q.inclusive ? '>=' : '>'} $5${ids}
       GROUP BY 1${having} ORDER BY 1 LIMIT $6`,
      params,
    );
    return rows.map((r) => ({ id: r.id, content: null, created: toDate(r.created), modified: toDate(r.modified) }));
  }

  /**
   * Distinct elements of a JSON array field over all rows of a type, keyed by one of their fields, in key
   * order after `after` (e.g. the courses of teaching groups by syllabusId). Each comes with the row it
   * was first found in (lowest id).
   */
  async distinctElements<T = unknown, R = unknown>(
    entityType: string,
    arrayField: string,
    keyField: string,
    q: { after?: string; inclusive?: boolean; limit: number; modifiedAfter?: Date; keys?: readonly string[] },
  ): Promise<{ key: string; element: T; row: PublishedRow<R> }[]> {
    const params: unknown[] = [this.customerId, entityType, this.seq, arrayField, keyField, q.after ?? '', q.limit];
    let modified = '';
    if (q.modifiedAfter) {
      params.push(q.modifiedAfter);
      modified += ` AND s.modified > $${params.length}::timestamptz`;
    }
    if (q.keys) {
      params.push(q.keys);
      modified += ` AND e.value->>$5::text = ANY($${params.length}::text[])`;
    }
    const rows = await this.tx.query<{ key: string; element: T; id: string; content: R; created: Date | string | null; modified: Date | string }>(
      `SELECT DISTINCT ON (e.value->>$5::text) e.value->>$5::text AS key, e.value AS element, s.id, s.content, s.created, s.modified
       FROM (${stateSql(this.current)}) s, jsonb_array_elements(s.content->$4::text) e
       WHERE e.value->>$5::text ${q.inclusive ? '>=' : '>'} $6${modified}
       ORDER BY e.value->>$5::text, s.id LIMIT $7`,
      params,
    );
    return rows.map((r) => ({ key: r.key, element: r.element, row: { id: r.id, content: r.content, created: toDate(r.created ?? r.modified), modified: toDate(r.modified) } }));
  }
}

function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

/** Thrown when a listing's pinned publication can no longer be rebuilt (its change log was pruned). */
export class PublishedStateGoneError extends Error {
  override readonly name = 'PublishedStateGoneError';
  constructor(readonly customerId: string, readonly seq: number) {
    super(`customer ${customerId}: the state at change-log seq ${seq} can no longer be rebuilt; restart the listing`);
  }
}

/** Opens consistent views of published state; every view is one REPEATABLE READ transaction. */
export class PublishedState {
  constructor(private readonly db: Db) {}

  /**
   * Run `fn` on the customer's state at `seq` (default: the current publication). Undefined when the
   * customer has no publication. The publication pointer and the rows are read in one snapshot, so a
   * publish landing meanwhile changes nothing this call sees.
   */
  async read<T>(customerId: string, seq: number | undefined, fn: (view: PublishedStateView, publication: PublicationPoint) => Promise<T>): Promise<T | undefined> {
    return this.db.transaction(async (tx) => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      const [pub] = await tx.query<{ run_id: string; last_seq: string; published_at: Date }>('SELECT run_id, last_seq, published_at FROM publications WHERE customer_id = $1', [customerId]);
      if (!pub) return undefined;
      const currentSeq = Number(pub.last_seq);
      const pinned = seq ?? currentSeq;
      if (pinned > currentSeq) throw new PublishedStateGoneError(customerId, pinned);
      if (pinned < currentSeq) {
        // The change log must still start at seq 1 to rebuild an older state.
        const [first] = await tx.query<{ seq: string }>('SELECT min(seq) AS seq FROM change_log WHERE customer_id = $1', [customerId]);
        if (first && Number(first.seq) > 1) throw new PublishedStateGoneError(customerId, pinned);
      }
      return fn(new PublishedStateView(tx, customerId, pinned, pinned === currentSeq), { seq: currentSeq, runId: pub.run_id, publishedAt: pub.published_at });
    });
  }
}
