import type { Db } from './db.ts';

/** Append-only: never edit a shipped migration, add the next one. */
export const MIGRATIONS: { id: number; name: string; sql: string }[] = [
  {
    id: 1,
    name: 'runs, staging, snapshots',
    sql: `
      CREATE TABLE runs (
        run_id        text PRIMARY KEY,
        customer_id   text NOT NULL,
        workflow_id   text NOT NULL,
        status        text NOT NULL,
        started_at    timestamptz NOT NULL DEFAULT now(),
        finished_at   timestamptz,
        counts        jsonb,
        fetched       jsonb,
        issue_counts  jsonb,
        failure       text
      );
      CREATE INDEX runs_customer_started ON runs (customer_id, started_at DESC);

      -- Raw IST pages of a run in flight; deleted once the run is finished.
      CREATE TABLE staged_pages (
        run_id          text NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
        resource        text NOT NULL,
        page_no         integer NOT NULL,
        records         jsonb NOT NULL,
        record_count    integer NOT NULL,
        next_page_token text,
        PRIMARY KEY (run_id, resource, page_no)
      );

      -- Records IST sent that do not fit the SS 12000 shape; kept with the reason.
      CREATE TABLE quarantined_records (
        run_id    text NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
        resource  text NOT NULL,
        page_no   integer NOT NULL,
        ordinal   integer NOT NULL,
        ist_id    text,
        field     text NOT NULL,
        reason    text NOT NULL,
        PRIMARY KEY (run_id, resource, page_no, ordinal)
      );

      -- The mapped model of one run: one row per entity, relations inside content.
      CREATE TABLE snapshot_entities (
        run_id        text NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
        entity_type   text NOT NULL,
        entity_id     text NOT NULL,
        content       jsonb NOT NULL,
        content_hash  text NOT NULL,
        PRIMARY KEY (run_id, entity_type, entity_id)
      );

      -- Data-quality findings of a run (what the customer fixes in IST Administration).
      CREATE TABLE run_issues (
        run_id       text NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
        ordinal      integer NOT NULL,
        severity     text NOT NULL,
        rule         text NOT NULL,
        entity_type  text NOT NULL,
        ist_id       text,
        detail       text NOT NULL,
        PRIMARY KEY (run_id, ordinal)
      );
    `,
  },
];

/** Apply pending migrations in order, serialised across processes by an advisory lock. */
export async function migrate(db: Db): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(4242001)');
    await tx.query('CREATE TABLE IF NOT EXISTS schema_migrations (id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await tx.query<{ id: number }>('SELECT id FROM schema_migrations')).map((r) => r.id));
    const applied: number[] = [];
    for (const migration of MIGRATIONS) {
      if (done.has(migration.id)) continue;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [migration.id, migration.name]);
      applied.push(migration.id);
    }
    return applied;
  });
}
