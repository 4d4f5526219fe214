import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/index.ts';

export interface TestDatabase {
  name: 'pglite' | 'postgres';
  /** A fresh, migrated, empty store; closed (and for Postgres dropped) by `dispose`. */
  open(): Promise<{ store: Store; dispose(): Promise<void> }>;
}

/**
 * The store backends every store test runs on: embedded PGlite always, and the real PostgreSQL
 * that `npm test` starts (TEST_DATABASE_URL). Under CI a missing server is an error, not a skip.
 */
export function testDatabases(): TestDatabase[] {
  const url = process.env.TEST_DATABASE_URL;
  if (!url && process.env.CI) throw new Error('TEST_DATABASE_URL is not set: npm test starts PostgreSQL, run the tests through it');
  const list: TestDatabase[] = [{ name: 'pglite', open: openPglite }];
  if (url) list.push({ name: 'postgres', open: () => openFreshPostgres(url) });
  return list;
}

async function openPglite() {
  const store = await openStore({});
  return { store, dispose: () => store.close() };
}

async function openFreshPostgres(adminUrl: string) {
  const db = await createDatabase(adminUrl);
  const store = await openStore({ databaseUrl: db.url, maxConnections: 5 });
  return {
    store,
    dispose: async () => {
      await store.close();
      await db.dispose();
    },
  };
}

/** A database URL of a fresh Postgres database, for tests that run processes of their own. */
export async function freshPostgresUrl(): Promise<{ url: string; dispose(): Promise<void> } | undefined> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  return adminUrl ? createDatabase(adminUrl) : undefined;
}

async function createDatabase(adminUrl: string): Promise<{ url: string; dispose(): Promise<void> }> {
  const name = `ist_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dispose: async () => {
      const drop = new pg.Client({ connectionString: adminUrl });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await drop.end();
    },
  };
}

/** Run `fn` with a fresh store on `backend`, disposed afterwards whatever happens. */
export async function withStore<T>(backend: TestDatabase, fn: (store: Store) => Promise<T>): Promise<T> {
  const { store, dispose } = await backend.open();
  try {
    return await fn(store);
  } finally {
    await dispose();
  }
}
