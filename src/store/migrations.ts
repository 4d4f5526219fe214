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
  {
    id: 2,
    name: 'model v2: report display names, snapshot manifests, snapshot views',
    sql: `
      -- The record's name as IST shows it, so the administrator finds it; null for persons with security marking.
      ALTER TABLE run_issues ADD COLUMN display_name text;

      -- One row per stored snapshot: which model version its content follows, and what it holds.
      CREATE TABLE snapshot_manifests (
        run_id         text PRIMARY KEY REFERENCES runs (run_id) ON DELETE CASCADE,
        model_version  integer NOT NULL,
        counts         jsonb NOT NULL,
        issue_counts   jsonb NOT NULL,
        skipped        jsonb NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT now()
      );

      -- Read-only views of a run's snapshot for SQL consumers; content is the model entity (schema/model-v<N>.schema.json).
      CREATE VIEW snapshot_schools AS
        SELECT run_id, entity_id AS school_id, content->>'name' AS name, content->>'schoolUnitCode' AS school_unit_code, content, content_hash
        FROM snapshot_entities WHERE entity_type = 'school';
      CREATE VIEW snapshot_persons AS
        SELECT run_id, entity_id AS person_id, content->>'displayName' AS display_name, content->>'email' AS email,
               content->'roles' AS roles, content->'schoolIds' AS school_ids, (content->>'protectedIdentity')::boolean AS protected_identity,
               content, content_hash
        FROM snapshot_entities WHERE entity_type = 'person';
      CREATE VIEW snapshot_classes AS
        SELECT run_id, entity_id AS class_id, content->>'name' AS name, content->>'schoolId' AS school_id, content, content_hash
        FROM snapshot_entities WHERE entity_type = 'class';
      CREATE VIEW snapshot_teaching_groups AS
        SELECT run_id, entity_id AS teaching_group_id, content->>'name' AS name, content->>'schoolId' AS school_id, content, content_hash
        FROM snapshot_entities WHERE entity_type = 'teachingGroup';
    `,
  },
  {
    id: 3,
    name: 'diff, publication, change log, run history',
    sql: `
      ALTER TABLE runs
        ADD COLUMN dry_run        boolean NOT NULL DEFAULT false,
        ADD COLUMN base_run_id    text,
        ADD COLUMN base_seq       bigint,
        ADD COLUMN change_counts  jsonb,
        ADD COLUMN guard          jsonb,
        ADD COLUMN decision       jsonb,
        ADD COLUMN diffed_at      timestamptz,
        ADD COLUMN held_at        timestamptz,
        ADD COLUMN decided_at     timestamptz,
        ADD COLUMN published_at   timestamptz,
        ADD COLUMN first_seq      bigint,
        ADD COLUMN last_seq       bigint;

      -- A run's change set against the customer's published state, computed before any decision.
      CREATE TABLE run_changes (
        run_id       text NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
        entity_type  text NOT NULL,
        entity_id    text NOT NULL,
        kind         text NOT NULL CHECK (kind IN ('created', 'updated', 'deleted')),
        -- updates: {field: {before, after}} over the entity's top-level fields
        fields       jsonb,
        -- a deletion the incomplete-data guard keeps back: never published from this run
        withheld     boolean NOT NULL DEFAULT false,
        PRIMARY KEY (run_id, entity_type, entity_id)
      );

      -- What downstream holds now, per customer: the published snapshot.
      CREATE TABLE published_entities (
        customer_id   text NOT NULL,
        entity_type   text NOT NULL,
        entity_id     text NOT NULL,
        content       jsonb NOT NULL,
        content_hash  text NOT NULL,
        run_id        text NOT NULL,
        PRIMARY KEY (customer_id, entity_type, entity_id)
      );

      -- The customer's current publication: the last published run and the last change sequence number.
      CREATE TABLE publications (
        customer_id   text PRIMARY KEY,
        run_id        text NOT NULL REFERENCES runs (run_id),
        last_seq      bigint NOT NULL,
        published_at  timestamptz NOT NULL DEFAULT now()
      );

      -- Every published change, numbered per customer: downstream reads "changes since N".
      CREATE TABLE change_log (
        customer_id  text NOT NULL,
        seq          bigint NOT NULL,
        run_id       text NOT NULL REFERENCES runs (run_id),
        entity_type  text NOT NULL,
        entity_id    text NOT NULL,
        kind         text NOT NULL,
        content      jsonb,
        fields       jsonb,
        PRIMARY KEY (customer_id, seq),
        UNIQUE (run_id, entity_type, entity_id)
      );
    `,
  },
  {
    // Id from the issue number (11): parallel branches append migrations, ids must not collide.
    id: 1101,
    name: 'issue 11: lists the server does not serve',
    sql: `
      -- An optional list the customer's server answers 404 to: skipped, and reported in the run's findings.
      CREATE TABLE run_lists_not_served (
        run_id    text NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
        resource  text NOT NULL,
        said      text NOT NULL,
        PRIMARY KEY (run_id, resource)
      );
    `,
  },
  {
    id: 15,
    name: 'issue 15: erasure records, indexes for retention and per-customer scans',
    sql: `
      -- Who erased what and why, without the person's data: the subject is a one-way hash of customer and person id.
      CREATE TABLE erasures (
        erasure_id    text PRIMARY KEY,
        customer_id   text NOT NULL,
        subject_hash  text NOT NULL,
        requested_by  text NOT NULL,
        reason        text NOT NULL,
        -- rows changed per table; the person's data itself is never copied here
        removed       jsonb NOT NULL,
        -- the change-log entry telling downstream to delete the person (null: the person was never published)
        tombstone_seq bigint,
        erased_at     timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX erasures_customer ON erasures (customer_id);
      CREATE INDEX change_log_run ON change_log (run_id);
    `,
  },
  {
    // Issue 13 (ISI route). Id 13, not the next number: parallel branches append their own migrations.
    id: 13,
    name: 'issue 13: ISI triggers and received files',
    sql: `
      -- The ISI trigger a run pushed: its checkpoint, so a retried push or a new worker pulls the same trigger.
      CREATE TABLE isi_triggers (
        run_id       text PRIMARY KEY REFERENCES runs (run_id) ON DELETE CASCADE,
        trigger_id   text NOT NULL,
        pushed_at    timestamptz NOT NULL DEFAULT now(),
        message_id   text,
        file_bytes   bigint,
        received_at  timestamptz
      );
      -- The gzip file ISI delivered, in chunks, until the run has staged it; dropped with the run's staging.
      CREATE TABLE isi_file_chunks (
        run_id    text NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
        chunk_no  integer NOT NULL,
        bytes     bytea NOT NULL,
        PRIMARY KEY (run_id, chunk_no)
      );
    `,
  },
  {
    id: 12,
    name: 'issue 12: change-log index per entity for the partner API (state at a pinned seq, meta.created)',
    sql: `
      CREATE INDEX change_log_entity_seq ON change_log (customer_id, entity_type, entity_id, seq DESC);
    `,
  },
  {
    id: 1401,
    name: 'issue 14: unknown code counts per staged page',
    sql: `
      -- Counted when the page is fetched, so a complete list reports them without reading its pages again.
      ALTER TABLE staged_pages ADD COLUMN unknown_codes jsonb;
    `,
  },
  {
    id: 1402,
    name: 'issue 14: staged pages as json text',
    sql: `
      -- A staged page is written once and read back whole (twice for persons): json keeps the text as
      -- sent, where jsonb parsed it into a binary form on the way in and printed it again on the way out
      -- (for the largest tenant about 5 s of the database's CPU per run, for nothing). The one query that
      -- looks inside (persons' emails) uses the json functions.
      ALTER TABLE staged_pages ALTER COLUMN records TYPE json USING records::json;
    `,
  },
  {
    id: 1403,
    name: 'issue 14: person ids and email values per staged persons page',
    sql: `
      -- Taken while the page is in hand at fetch time: the mapping's first pass over every person (who
      -- may share an email) then reads this small list instead of having the database parse each page.
      -- NULL on pages staged by an older worker: they are read the old way.
      ALTER TABLE staged_pages ADD COLUMN person_emails json;
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
    // By id, not by array position: ids may be appended out of order or leave gaps.
    for (const migration of [...MIGRATIONS].sort((a, b) => a.id - b.id)) {
      if (done.has(migration.id)) continue;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [migration.id, migration.name]);
      applied.push(migration.id);
    }
    return applied;
  });
}
