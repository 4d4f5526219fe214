import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testDatabases } from '../support/databases.ts';

/** Persons pages with every shape of `emails` a server may send (valid records may carry any of them). */
const PAGES: unknown[][] = [
  [
    { id: 'p1', emails: [{ type: 'Skola elev', value: ' Ada@Skola.example ' }, { type: 'Privat', value: 'ada@home.example' }] },
    { id: 'p2' },
    { id: 'p3', emails: [] },
    { id: 'p4', emails: 'not a list' },
  ],
  [
    { id: 'p5', emails: [{ value: 7 }, { type: 'x' }, 'bare string', null, ['nested'], { value: 'Ok@Skola.example' }] },
    { id: 'p6', emails: [{ value: '' }, { value: 'åsa@skola.example' }] },
    { id: 'p7', emails: null },
  ],
];

for (const database of testDatabases()) {
  describe(`persons' email values for the mapping (${database.name})`, () => {
    it('when pages are staged, then the emails taken at staging equal what the database reads from the pages staged without them, in staged order', async () => {
      const { store, dispose } = await database.open();
      try {
        await store.runs.begin('run-e', 'kommun-e', 'wf/e');
        for (const [i, page] of PAGES.entries()) await store.staging.putPage('run-e', 'persons', i + 1, page, i + 1 < PAGES.length ? `t${i + 1}` : null, []);
        const read = async () => {
          const out: { id: string; emails: string[] }[][] = [];
          for await (const batch of store.staging.personEmails('run-e')) out.push(batch.map((b) => ({ id: b.id, emails: [...b.emails] })));
          return out;
        };
        const taken = await read();
        assert.deepEqual(taken, [
          [
            { id: 'p1', emails: [' Ada@Skola.example ', 'ada@home.example'] },
            { id: 'p2', emails: [] },
            { id: 'p3', emails: [] },
            { id: 'p4', emails: [] },
          ],
          [
            { id: 'p5', emails: ['Ok@Skola.example'] },
            { id: 'p6', emails: ['', 'åsa@skola.example'] },
            { id: 'p7', emails: [] },
          ],
        ]);
        // As an older worker left them: no emails taken at staging; the database reads the pages.
        await store.db.query('UPDATE staged_pages SET person_emails = NULL WHERE run_id = $1', ['run-e']);
        assert.deepEqual(await read(), taken);
      } finally {
        await dispose();
      }
    });
  });
}
