import type { ChangeKind, DiffEntityType } from '../diff/types.ts';
import type { Db } from './db.ts';

/** The customer's current publication: the last published run and the last change sequence number. */
export interface Publication {
  customerId: string;
  runId: string;
  lastSeq: number;
  publishedAt: Date;
}

/** One published change as downstream reads it. */
export interface PublishedChange {
  seq: number;
  runId: string;
  entityType: DiffEntityType;
  entityId: string;
  kind: ChangeKind;
  /** The entity after the change (created, updated); null for deletions. */
  content: unknown;
  /** Updates: the changed top-level fields, {field: {before, after}}. */
  fields: Record<string, { before: unknown; after: unknown }> | null;
}

/** Read side of publishing: what is current, and the change log. Writes are in src/publish/publish.ts. */
export class Publications {
  constructor(private readonly db: Db) {}

  async current(customerId: string): Promise<Publication | undefined> {
    const [row] = await this.db.query<{ customer_id: string; run_id: string; last_seq: string; published_at: Date }>(
      'SELECT customer_id, run_id, last_seq, published_at FROM publications WHERE customer_id = $1',
      [customerId],
    );
    return row && { customerId: row.customer_id, runId: row.run_id, lastSeq: Number(row.last_seq), publishedAt: row.published_at };
  }

  /**
   * Changes with a sequence number above `afterSeq`, oldest first, at most `limit`. Downstream keeps
   * the last seq it applied and asks again from there; the same query in SQL:
   *   SELECT seq, run_id, entity_type, entity_id, kind, content, fields FROM change_log
   *   WHERE customer_id = $1 AND seq > $2 ORDER BY seq LIMIT $3
   */
  async changesSince(customerId: string, afterSeq: number, limit = 1000): Promise<PublishedChange[]> {
    const rows = await this.db.query<{ seq: string; run_id: string; entity_type: DiffEntityType; entity_id: string; kind: ChangeKind; content: unknown; fields: PublishedChange['fields'] }>(
      'SELECT seq, run_id, entity_type, entity_id, kind, content, fields FROM change_log WHERE customer_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
      [customerId, afterSeq, limit],
    );
    return rows.map((r) => ({ seq: Number(r.seq), runId: r.run_id, entityType: r.entity_type, entityId: r.entity_id, kind: r.kind, content: r.content, fields: r.fields }));
  }

  /** Entities per type the customer's downstream holds now. */
  async publishedCounts(customerId: string): Promise<Record<string, number>> {
    const rows = await this.db.query<{ entity_type: string; n: number }>('SELECT entity_type, count(*)::int AS n FROM published_entities WHERE customer_id = $1 GROUP BY entity_type', [customerId]);
    return Object.fromEntries(rows.map((r) => [r.entity_type, r.n]));
  }

  /** One published entity, as downstream holds it. */
  async publishedEntity<T = unknown>(customerId: string, entityType: string, entityId: string): Promise<T | undefined> {
    const [row] = await this.db.query<{ content: T }>('SELECT content FROM published_entities WHERE customer_id = $1 AND entity_type = $2 AND entity_id = $3', [customerId, entityType, entityId]);
    return row?.content;
  }
}

/** Library form for the CLI and downstream adapters: changes after `seq`, oldest first. */
export function changesSince(store: { publications: Publications }, customerId: string, seq: number, limit?: number): Promise<PublishedChange[]> {
  return store.publications.changesSince(customerId, seq, limit);
}
