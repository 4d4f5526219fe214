import type { Db } from './db.ts';

/** A published change that removed something: a deletion, or an update of a person/teaching group (duties, courses). */
export interface RemovalRow {
  seq: number;
  entityType: string;
  entityId: string;
  kind: 'deleted' | 'updated';
  /** The entity's last published content before this change. */
  before: unknown;
  /** Its content after the change; null for deletions. */
  after: unknown;
}

/**
 * Changes published after `after` (a time) that removed entities or parts of them, in seq order, keyset
 * paged on seq. Read by the API's /deletedEntities: deleted persons, groups, schools, and the duties and
 * activities that left with a person's or a teaching group's update or deletion.
 */
export async function removalsSince(db: Db, customerId: string, after: Date, afterSeq: number, limit: number): Promise<RemovalRow[]> {
  const rows = await db.query<{ seq: string; entity_type: string; entity_id: string; kind: 'deleted' | 'updated'; after: unknown; before: unknown }>(
    `SELECT c.seq, c.entity_type, c.entity_id, c.kind, c.content AS after,
            (SELECT p.content FROM change_log p
              WHERE p.customer_id = c.customer_id AND p.entity_type = c.entity_type AND p.entity_id = c.entity_id AND p.seq < c.seq AND p.content IS NOT NULL
              ORDER BY p.seq DESC LIMIT 1) AS before
     FROM change_log c JOIN runs r ON r.run_id = c.run_id
     WHERE c.customer_id = $1 AND c.seq > $3 AND r.published_at > $2::timestamptz
       AND (c.kind = 'deleted' OR (c.kind = 'updated' AND (c.fields ? 'duties' OR c.fields ? 'courses' OR c.fields ? 'teacherIds')))
     ORDER BY c.seq LIMIT $4`,
    [customerId, after, afterSeq, limit],
  );
  return rows.map((r) => ({ seq: Number(r.seq), entityType: r.entity_type, entityId: r.entity_id, kind: r.kind, before: r.before, after: r.after }));
}
