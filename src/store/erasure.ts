import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson, contentHash } from '../model/canonical.ts';
import type { DbTx, Db } from './db.ts';
import { OPEN_RUN_STATUSES } from './housekeeping.ts';

// GDPR right to erasure and offboarding, in the store. `forgetCustomer` removes every row of a customer;
// `erasePerson` removes one person from everything stored for a customer while keeping counts, records who and
// why (never the person's data), and publishes the erasure so downstream deletes the person too.

/** Thrown when an erasure would race a run of the customer that is still open (it would write the person back). */
export class ErasureRunInProgressError extends Error {
  override readonly name = 'ErasureRunInProgressError';
  constructor(readonly customerId: string, readonly runId: string) {
    super(`customer "${customerId}" has run ${runId} in progress (running or awaiting approval); erase after it ended`);
  }
}

/** Thrown when the store holds nothing of the person for that customer. */
export class ErasureSubjectNotFoundError extends Error {
  override readonly name = 'ErasureSubjectNotFoundError';
  constructor(readonly customerId: string) {
    super(`customer "${customerId}": the store holds no trace of that person id (nothing erased)`);
  }
}

/** Status of the run row an erasure publishes its change-log entries under. */
export const ERASURE_RUN_STATUS = 'erasure';
/** Text put where a free-text field named the person. */
export const ERASED = '[erased]';

/** Rows removed (or rewritten) per table. */
export type RemovedRows = Record<string, number>;

/** Remove every row of a customer from every table, in one transaction; returns rows per table. */
export async function forgetCustomer(db: Db, customerId: string): Promise<RemovedRows> {
  return db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('ist-export/publish/' || $1))`, [customerId]);
    const removed: RemovedRows = {};
    const del = async (table: string, where: string) => {
      const [row] = await tx.query<{ n: number }>(`WITH gone AS (DELETE FROM ${table} WHERE ${where} RETURNING 1) SELECT count(*)::int AS n FROM gone`, [customerId]);
      removed[table] = row?.n ?? 0;
    };
    const ofRuns = 'run_id IN (SELECT run_id FROM runs WHERE customer_id = $1)';
    // Children first: change_log and publications refer to runs without cascading.
    await del('change_log', 'customer_id = $1');
    await del('publications', 'customer_id = $1');
    await del('published_entities', 'customer_id = $1');
    for (const table of ['staged_pages', 'quarantined_records', 'snapshot_entities', 'snapshot_manifests', 'run_issues', 'run_changes']) await del(table, ofRuns);
    await del('erasures', 'customer_id = $1');
    await del('runs', 'customer_id = $1');
    return removed;
  });
}

export interface ErasePersonInput {
  customerId: string;
  /** The person's IST id (SS 12000 Person.id). */
  personId: string;
  requestedBy: string;
  /** Why (e.g. the ticket of the erasure request); must not hold the person's data. */
  reason: string;
}

export interface ErasureOutcome {
  erasureId: string;
  removed: RemovedRows;
  /** The change-log sequence number telling downstream to delete the person; null when the person was not published. */
  tombstoneSeq: number | null;
  /** Published entities that referred to the person and were republished without the reference. */
  republished: number;
}

/** Drop every occurrence of `id` from a JSON value: array items equal to it or objects naming it, and it inside strings. */
export function stripId(value: unknown, id: string): unknown {
  if (typeof value === 'string') return value === id ? null : value.includes(id) ? value.split(id).join(ERASED) : value;
  if (Array.isArray(value)) {
    return value
      .filter((item) => item !== id && !(item && typeof item === 'object' && !Array.isArray(item) && Object.values(item as object).includes(id)))
      .map((item) => stripId(item, id));
  }
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, stripId(v, id)]));
  return value;
}

const likeId = (id: string) => `%${id.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const asJson = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

/**
 * Erase one person of one customer, in one transaction under the customer's publish lock:
 * - snapshots, published state, change sets: the person's entity is deleted, references to it (class members,
 *   mentors, teachers) are removed and the content re-hashed;
 * - change log: the person's past entries keep their sequence number and kind (counts stay) but lose the id and
 *   content; other entries lose references to the person;
 * - data-quality findings about the person are deleted, other texts naming the id are rewritten; quarantine rows
 *   lose the id; leftover staged pages holding the person are dropped; run counts are kept as they were;
 * - published: when downstream held the person, the erasure appends a `deleted` entry for the person (its id only:
 *   downstream needs it to delete, GDPR art. 19) and `updated` entries for what referred to it. Retention removes
 *   that last trace with the rest of the change log after `changeLogDays`.
 * - `erasures` records who, why, when and how many rows, with a one-way hash of the subject instead of the id.
 */
export async function erasePerson(db: Db, input: ErasePersonInput): Promise<ErasureOutcome> {
  const { customerId, personId } = input;
  const erasureId = `erasure-${randomUUID()}`;
  return db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('ist-export/publish/' || $1))`, [customerId]);
    const [open] = await tx.query<{ run_id: string }>('SELECT run_id FROM runs WHERE customer_id = $1 AND status = ANY($2::text[]) LIMIT 1', [customerId, OPEN_RUN_STATUSES]);
    if (open) throw new ErasureRunInProgressError(customerId, open.run_id);
    const like = likeId(personId);
    const removed: RemovedRows = {};
    const add = (table: string, n: number) => (removed[table] = (removed[table] ?? 0) + n);
    const ofRuns = 'run_id IN (SELECT run_id FROM runs WHERE customer_id = $1)';
    const count = async (sql: string, params: unknown[]) => (await tx.query<{ n: number }>(`WITH x AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM x`, params))[0]?.n ?? 0;

    // Snapshots: the person's rows, then the references in every other entity.
    add('snapshot_entities', await count(`DELETE FROM snapshot_entities WHERE ${ofRuns} AND entity_type = 'person' AND entity_id = $2`, [customerId, personId]));
    add('snapshot_entities', await rewriteContent(tx, `SELECT run_id AS k1, entity_type AS k2, entity_id AS k3, content FROM snapshot_entities WHERE ${ofRuns} AND content::text LIKE $2`, 'UPDATE snapshot_entities SET content = $4::jsonb, content_hash = $5 WHERE run_id = $1 AND entity_type = $2 AND entity_id = $3', customerId, personId, like));

    // Published state: remember whether downstream held the person, and what referred to it.
    const [held] = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM published_entities WHERE customer_id = $1 AND entity_type = 'person' AND entity_id = $2`, [customerId, personId]);
    add('published_entities', await count(`DELETE FROM published_entities WHERE customer_id = $1 AND entity_type = 'person' AND entity_id = $2`, [customerId, personId]));
    const referring = await tx.query<{ entity_type: string; entity_id: string }>(`SELECT entity_type, entity_id FROM published_entities WHERE customer_id = $1 AND content::text LIKE $2`, [customerId, like]);
    add('published_entities', await rewriteContent(tx, `SELECT customer_id AS k1, entity_type AS k2, entity_id AS k3, content FROM published_entities WHERE customer_id = $1 AND content::text LIKE $2`, 'UPDATE published_entities SET content = $4::jsonb, content_hash = $5 WHERE customer_id = $1 AND entity_type = $2 AND entity_id = $3', customerId, personId, like));

    // Change sets and change log: the person's entries lose id and content, keep seq and kind.
    add('run_changes', await count(`DELETE FROM run_changes WHERE ${ofRuns} AND entity_type = 'person' AND entity_id = $2`, [customerId, personId]));
    add('run_changes', await rewriteJsonColumn(tx, 'run_changes', ['run_id', 'entity_type', 'entity_id'], 'fields', `${ofRuns} AND fields::text LIKE $2`, customerId, personId, like));
    add('change_log', await count(`UPDATE change_log SET entity_id = 'erased:' || $3 || ':' || seq, content = NULL, fields = NULL WHERE customer_id = $1 AND entity_type = 'person' AND entity_id = $2`, [customerId, personId, erasureId]));
    add('change_log', await rewriteJsonColumn(tx, 'change_log', ['customer_id', 'seq'], 'content', 'customer_id = $1 AND content::text LIKE $2', customerId, personId, like));
    add('change_log', await rewriteJsonColumn(tx, 'change_log', ['customer_id', 'seq'], 'fields', 'customer_id = $1 AND fields::text LIKE $2', customerId, personId, like));

    // Reports, quarantine, staging, run records.
    add('run_issues', await count(`DELETE FROM run_issues WHERE ${ofRuns} AND ist_id = $2`, [customerId, personId]));
    add('run_issues', await count(`UPDATE run_issues SET detail = replace(detail, $2, '${ERASED}'), display_name = replace(display_name, $2, '${ERASED}') WHERE ${ofRuns} AND (detail LIKE $3 OR display_name LIKE $3)`, [customerId, personId, like]));
    add('quarantined_records', await count(`UPDATE quarantined_records SET ist_id = NULL WHERE ${ofRuns} AND ist_id = $2`, [customerId, personId]));
    add('quarantined_records', await count(`UPDATE quarantined_records SET reason = replace(reason, $2, '${ERASED}') WHERE ${ofRuns} AND reason LIKE $3`, [customerId, personId, like]));
    add('staged_pages', await count(`DELETE FROM staged_pages WHERE ${ofRuns} AND records::text LIKE $2`, [customerId, like]));
    add('runs', await count(`UPDATE runs SET failure = replace(failure, $2, '${ERASED}') WHERE customer_id = $1 AND failure LIKE $3`, [customerId, personId, like]));
    for (const column of ['guard', 'decision', 'fetched']) add('runs', await rewriteJsonColumn(tx, 'runs', ['run_id'], column, `customer_id = $1 AND ${column}::text LIKE $2`, customerId, personId, like));

    const total = Object.values(removed).reduce((a, b) => a + b, 0);
    if (total === 0) throw new ErasureSubjectNotFoundError(customerId);

    // Publish the erasure: a deletion for downstream and the referring entities as they are now.
    let tombstoneSeq: number | null = null;
    if ((held?.n ?? 0) > 0 || referring.length > 0) {
      const [pub] = await tx.query<{ last_seq: string }>('SELECT last_seq FROM publications WHERE customer_id = $1', [customerId]);
      let seq = pub ? Number(pub.last_seq) : 0;
      const firstSeq = seq + 1;
      // Sorted before every real run (started_at epoch) so `status` and `report` never take it for the latest run.
      await tx.query(
        `INSERT INTO runs (run_id, customer_id, workflow_id, status, started_at, finished_at, published_at, decision, decided_at)
         VALUES ($1, $2, 'ist-export erase-person', $3, to_timestamp(0), now(), now(), $4::jsonb, now())`,
        [erasureId, customerId, ERASURE_RUN_STATUS, JSON.stringify({ decision: 'approved', by: input.requestedBy, reason: input.reason })],
      );
      if ((held?.n ?? 0) > 0) {
        seq++;
        tombstoneSeq = seq;
        await tx.query(`INSERT INTO change_log (customer_id, seq, run_id, entity_type, entity_id, kind, content, fields) VALUES ($1, $2, $3, 'person', $4, 'deleted', NULL, NULL)`, [customerId, seq, erasureId, personId]);
      }
      for (const ref of referring) {
        seq++;
        await tx.query(
          `INSERT INTO change_log (customer_id, seq, run_id, entity_type, entity_id, kind, content, fields)
           SELECT $1, $2, $3, entity_type, entity_id, 'updated', content, NULL FROM published_entities WHERE customer_id = $1 AND entity_type = $4 AND entity_id = $5`,
          [customerId, seq, erasureId, ref.entity_type, ref.entity_id],
        );
      }
      await tx.query('UPDATE runs SET first_seq = $2, last_seq = $3 WHERE run_id = $1', [erasureId, firstSeq, seq]);
      // Moving last_seq refuses the publish of any run diffed before the erasure (PublicationBaseChangedError).
      await tx.query('UPDATE publications SET last_seq = $2, published_at = now() WHERE customer_id = $1', [customerId, seq]);
    }
    await tx.query(
      `INSERT INTO erasures (erasure_id, customer_id, subject_hash, requested_by, reason, removed, tombstone_seq) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
      [erasureId, customerId, subjectHash(customerId, personId), input.requestedBy, input.reason, JSON.stringify(removed), tombstoneSeq],
    );
    return { erasureId, removed, tombstoneSeq, republished: referring.length };
  });
}

/** One-way: proves a later request names the same subject without storing the id. */
export function subjectHash(customerId: string, personId: string): string {
  return createHash('sha256').update(`ist-export/erasure/${customerId}/${personId}`).digest('hex');
}

/** Rewrite entity content rows (three key columns k1..k3) without the id, re-hashing the canonical content. */
async function rewriteContent(tx: DbTx, select: string, update: string, customerId: string, personId: string, like: string): Promise<number> {
  const rows = await tx.query<{ k1: string; k2: string; k3: string; content: unknown }>(select, [customerId, like]);
  for (const row of rows) {
    const content = stripId(asJson(row.content), personId);
    await tx.query(update, [row.k1, row.k2, row.k3, canonicalJson(content), contentHash(content)]);
  }
  return rows.length;
}

/** Rewrite one jsonb column of the matching rows without the id. */
async function rewriteJsonColumn(tx: DbTx, table: string, keys: string[], column: string, where: string, customerId: string, personId: string, like: string): Promise<number> {
  const rows = await tx.query<Record<string, unknown>>(`SELECT ${keys.join(', ')}, ${column} AS value FROM ${table} WHERE ${where}`, [customerId, like]);
  for (const row of rows) {
    const value = stripId(asJson(row.value), personId);
    const keyWhere = keys.map((k, i) => `${k} = $${i + 2}`).join(' AND ');
    await tx.query(`UPDATE ${table} SET ${column} = $1::jsonb WHERE ${keyWhere}`, [JSON.stringify(value), ...keys.map((k) => row[k])]);
  }
  return rows.length;
}
