import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UnknownCodeCollector } from '../../../src/ist/code-lists.ts';

const duty = (dutyRole: string) => ({ id: dutyRole, dutyRole });

describe('UnknownCodeCollector', () => {
  it('when pages are counted one by one and the counts added up, then the summary equals counting every record at once', () => {
    const pages = [[duty('Lärare'), duty('Skolvaktmästare'), duty('Robot')], [duty('Robot'), duty('Skolvaktmästare')], [duty('Rektor')]];
    const once = new UnknownCodeCollector('duties');
    for (const page of pages) once.add(page);
    const merged = new UnknownCodeCollector('duties');
    for (const page of pages) {
      const perPage = new UnknownCodeCollector('duties');
      perPage.add(page);
      merged.addCounts(perPage.result(Number.MAX_SAFE_INTEGER));
    }
    assert.ok(once.result().length > 0, 'the pages hold values outside the code list');
    assert.deepEqual(merged.result(), once.result());
    assert.equal(merged.result().find((c) => c.value === 'Robot')?.records, 2);
  });
});
