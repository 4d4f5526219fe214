import type { IssueCounts, QualityIssue } from '../map/issues.ts';
import { canonicalJson, canonicalTextHash } from '../model/canonical.ts';
import type { Db, DbTx } from './db.ts';

const BATCH = 1000;

/** What the store keeps of an entity: any model entity (src/model/entities.ts), typed by the caller. */
export interface StoredEntity {
  type: string;
  id: string;
  content: unknown;
}

/** Which model version a run's snapshot follows, and what it holds (for exports and their manifests). */
export interface SnapshotManifest {
  modelVersion: number;
  counts: Record<string, number>;
  issueCounts: IssueCounts;
  skipped: Record<string, number>;
}

/**
 * One statement per batch, its rows sent as one JSON document: the canonical text of each entity is
 * spliced in as it is (it is JSON), so nothing is escaped twice, and Postgres parses the batch once
 * (cheaper than text arrays, whose every quote needs escaping, each element then parsed as jsonb).
 * The hash is contentHash's, from the canonical text written once per entity.
 */
async function insertEntities(db: Pick<Db, 'query'>, runId: string, batch: StoredEntity[]): Promise<void> {
  let rows = '';
  for (const e of batch) {
    const text = canonicalJson(e.content);
    const hash = canonicalTextHash(text);
    rows += `${rows === '' ? '' : ','}{"t":${JSON.stringify(e.type)},"i":${JSON.stringify(e.id)},"h":"${hash}","c":${text}}`;
  }
  await db.query(
    `INSERT INTO snapshot_entities (run_id, entity_type, entity_id, content, content_hash)
     SELECT $1, x.t, x.i, x.c, x.h FROM jsonb_to_recordset($2::jsonb) AS x(t text, i text, c jsonb, h text)`,
    [runId, `[${rows}]`],
  );
}

interface IssueRow {
  severity: QualityIssue['severity'];
  rule: QualityIssue['rule'];
  entity_type: QualityIssue['entityType'];
  ist_id: string | null;
  display_name: string | null;
  detail: string;
}

/** Each run's mapped model and its data-quality findings. */
export class Snapshots {
  constructor(private readonly db: Db) {}

  /** Replace the run's snapshot, issues and manifest in one transaction: a retried write leaves one copy. */
  async write(runId: string, entities: StoredEntity[], issues: QualityIssue[], manifest?: SnapshotManifest): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM snapshot_entities WHERE run_id = $1', [runId]);
      await tx.query('DELETE FROM run_issues WHERE run_id = $1', [runId]);
      await tx.query('DELETE FROM snapshot_manifests WHERE run_id = $1', [runId]);
      for (let i = 0; i < entities.length; i += BATCH) {
        await insertEntities(tx, runId, entities.slice(i, i + BATCH));
      }
      await insertIssues(tx, runId, issues);
      if (manifest) {
        await insertManifest(tx, runId, manifest);
      }
    });
  }

  /**
   * A snapshot written in parts, for mappings that stream: `begin` clears what an earlier attempt left,
   * `add` appends entities as they are mapped, `finish` writes findings and manifest last (one
   * transaction). Nothing reads a run's snapshot before its mapping activity returned, so the parts
   * need no common transaction; a retry starts again at `begin`.
   */
  async begin(runId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM snapshot_entities WHERE run_id = $1', [runId]);
      await tx.query('DELETE FROM run_issues WHERE run_id = $1', [runId]);
      await tx.query('DELETE FROM snapshot_manifests WHERE run_id = $1', [runId]);
    });
  }

  async add(runId: string, entities: StoredEntity[]): Promise<void> {
    for (let i = 0; i < entities.length; i += BATCH) await insertEntities(this.db, runId, entities.slice(i, i + BATCH));
  }

  async finish(runId: string, issues: QualityIssue[], manifest: SnapshotManifest): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM run_issues WHERE run_id = $1', [runId]);
      await tx.query('DELETE FROM snapshot_manifests WHERE run_id = $1', [runId]);
      await insertIssues(tx, runId, issues);
      await insertManifest(tx, runId, manifest);
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

  /** One entity type of a run in id order, with the hash of its canonical content; paged for large customers. */
  async *entityPages<T = unknown>(runId: string, entityType: string, pageSize = 2000): AsyncGenerator<{ id: string; content: T; contentHash: string }[]> {
    let after = '';
    for (;;) {
      const rows = await this.db.query<{ entity_id: string; content: T; content_hash: string }>(
        'SELECT entity_id, content, content_hash FROM snapshot_entities WHERE run_id = $1 AND entity_type = $2 AND entity_id > $3 ORDER BY entity_id LIMIT $4',
        [runId, entityType, after, pageSize],
      );
      if (rows.length === 0) return;
      yield rows.map((r) => ({ id: r.entity_id, content: r.content, contentHash: r.content_hash }));
      after = rows[rows.length - 1]!.entity_id;
    }
  }

  async manifest(runId: string): Promise<SnapshotManifest | undefined> {
    const [row] = await this.db.query<{ model_version: number; counts: SnapshotManifest['counts']; issue_counts: IssueCounts; skipped: SnapshotManifest['skipped'] }>(
      'SELECT model_version, counts, issue_counts, skipped FROM snapshot_manifests WHERE run_id = $1',
      [runId],
    );
    return row && { modelVersion: row.model_version, counts: row.counts, issueCounts: row.issue_counts, skipped: row.skipped };
  }

  /** The run's findings in the order they were found; `displayName` only where one was stored. */
  async issues(runId: string): Promise<QualityIssue[]> {
    const rows = await this.db.query<IssueRow>('SELECT severity, rule, entity_type, ist_id, display_name, detail FROM run_issues WHERE run_id = $1 ORDER BY ordinal', [runId]);
    return rows.map((r) => ({
      severity: r.severity,
      rule: r.rule,
      entityType: r.entity_type,
      istId: r.ist_id,
      ...(r.display_name === null ? {} : { displayName: r.display_name }),
      detail: r.detail,
    }));
  }
}

async function insertIssues(tx: DbTx, runId: string, issues: QualityIssue[]): Promise<void> {
  for (let i = 0; i < issues.length; i += BATCH) {
    const batch = issues.slice(i, i + BATCH);
    await tx.query(
      `INSERT INTO run_issues (run_id, ordinal, severity, rule, entity_type, ist_id, display_name, detail)
       SELECT $1, o, s, r, t, id, n, d FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS x(o, s, r, t, id, n, d)`,
      [
        runId,
        batch.map((_, j) => i + j),
        batch.map((x) => x.severity),
        batch.map((x) => x.rule),
        batch.map((x) => x.entityType),
        batch.map((x) => x.istId),
        batch.map((x) => x.displayName ?? null),
        batch.map((x) => x.detail),
      ],
    );
  }
}

/** The manifest row of a snapshot: the whole write (`write`) and the streamed one (`finish`) store it alike. */
async function insertManifest(tx: DbTx, runId: string, manifest: SnapshotManifest): Promise<void> {
  await tx.query('INSERT INTO snapshot_manifests (run_id, model_version, counts, issue_counts, skipped) VALUES ($1, $2, $3::jsonb, $4::jsonb, $5::jsonb)', [
    runId,
    manifest.modelVersion,
    JSON.stringify(manifest.counts),
    JSON.stringify(manifest.issueCounts),
    JSON.stringify(manifest.skipped),
  ]);
}
