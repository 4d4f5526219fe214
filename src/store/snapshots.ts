import type { QualityIssue } from '../map/issues.ts';
import { canonicalJson, contentHash } from '../model/canonical.ts';
import type { Entity } from '../model/entities.ts';
import type { Db } from './db.ts';

const BATCH = 1000;

/** Each run's mapped model and its data-quality findings. */
export class Snapshots {
  constructor(private readonly db: Db) {}

  /** Replace the run's snapshot and issues in one transaction: a retried write leaves one copy. */
  async write(runId: string, entities: Entity[], issues: QualityIssue[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM snapshot_entities WHERE run_id = $1', [runId]);
      await tx.query('DELETE FROM run_issues WHERE run_id = $1', [runId]);
      for (let i = 0; i < entities.length; i += BATCH) {
        const batch = entities.slice(i, i + BATCH);
        await tx.query(
          `INSERT INTO snapshot_entities (run_id, entity_type, entity_id, content, content_hash)
           SELECT $1, t, id, c::jsonb, h FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS x(t, id, c, h)`,
          [runId, batch.map((e) => e.type), batch.map((e) => e.id), batch.map((e) => canonicalJson(e.content)), batch.map((e) => contentHash(e.content))],
        );
      }
      for (let i = 0; i < issues.length; i += BATCH) {
        const batch = issues.slice(i, i + BATCH);
        await tx.query(
          `INSERT INTO run_issues (run_id, ordinal, severity, rule, entity_type, ist_id, detail)
           SELECT $1, o, s, r, t, id, d FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS x(o, s, r, t, id, d)`,
          [runId, batch.map((_, j) => i + j), batch.map((x) => x.severity), batch.map((x) => x.rule), batch.map((x) => x.entityType), batch.map((x) => x.istId), batch.map((x) => x.detail)],
        );
      }
    });
  }

  async counts(runId: string): Promise<Record<string, number>> {
    const rows = await this.db.query<{ entity_type: string; n: number }>('SELECT entity_type, count(*)::int AS n FROM snapshot_entities WHERE run_id = $1 GROUP BY entity_type', [runId]);
    return Object.fromEntries(rows.map((r) => [r.entity_type, r.n]));
  }

  async entities<T = unknown>(runId: string, entityType: string): Promise<T[]> {
    const rows = await this.db.query<{ content: T }>('SELECT content FROM snapshot_entities WHERE run_id = $1 AND entity_type = $2 ORDER BY entity_id', [runId, entityType]);
    return rows.map((r) => r.content);
  }

  async issues(runId: string): Promise<QualityIssue[]> {
    const rows = await this.db.query<{ severity: QualityIssue['severity']; rule: QualityIssue['rule']; entity_type: QualityIssue['entityType']; ist_id: string | null; detail: string }>(
      'SELECT severity, rule, entity_type, ist_id, detail FROM run_issues WHERE run_id = $1 ORDER BY ordinal',
      [runId],
    );
    return rows.map((r) => ({ severity: r.severity, rule: r.rule, entityType: r.entity_type, istId: r.ist_id, detail: r.detail }));
  }
}
