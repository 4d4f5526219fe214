import { openDb, type Db, type OpenDbOptions } from './db.ts';
import { IsiMessages } from './isi-messages.ts';
import { migrate } from './migrations.ts';
import { Publications } from './publications.ts';
import { Runs } from './runs.ts';
import { Snapshots } from './snapshots.ts';
import { Staging } from './staging.ts';

/** The store: runs, staged pages, snapshots. One object per process, shared by activities. */
export interface Store {
  db: Db;
  runs: Runs;
  staging: Staging;
  snapshots: Snapshots;
  /** The current publication per customer and the change log downstream reads. */
  publications: Publications;
  /** ISI route: the run's trigger and received file. */
  isi: IsiMessages;
  close(): Promise<void>;
}

export async function openStore(options: OpenDbOptions): Promise<Store> {
  const db = await openDb(options);
  await migrate(db);
  return { db, runs: new Runs(db), staging: new Staging(db), snapshots: new Snapshots(db), publications: new Publications(db), isi: new IsiMessages(db), close: () => db.close() };
}
