import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SnapshotSlots } from '../../../activities/snapshot-slots.ts';

/** A task that runs until `finish` is called; `started` tells whether it got its slot. */
function gate() {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const task = { started: false, finish, run: async () => ((task.started = true), await done) };
  return task;
}
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('snapshot slots (MAX_CONCURRENT_SNAPSHOTS)', () => {
  it('when more snapshots come than there are slots, then the extra ones wait and start in arrival order as slots free', async () => {
    const slots = new SnapshotSlots(2);
    const [a, b, c, d] = [gate(), gate(), gate(), gate()];
    const runs = [a, b, c, d].map((t) => slots.run(t.run));
    await turn();
    assert.deepEqual([a.started, b.started, c.started, d.started], [true, true, false, false]);
    assert.equal(slots.queued, 2);
    b.finish();
    await turn();
    assert.deepEqual([c.started, d.started], [true, false], 'the first to wait gets the freed slot');
    a.finish();
    c.finish();
    await turn();
    assert.equal(d.started, true);
    d.finish();
    await Promise.all(runs);
    assert.equal(slots.queued, 0);
  });

  it('when a waiting snapshot is cancelled, then it leaves the queue with the cancellation and the next one gets the slot', async () => {
    const slots = new SnapshotSlots(1);
    const [a, b, c] = [gate(), gate(), gate()];
    const controller = new AbortController();
    const first = slots.run(a.run);
    const cancelled = slots.run(b.run, controller.signal);
    const third = slots.run(c.run);
    await turn();
    controller.abort(new Error('run cancelled'));
    await assert.rejects(cancelled, /run cancelled/);
    assert.equal(slots.queued, 1);
    a.finish();
    await turn();
    assert.equal(b.started, false);
    assert.equal(c.started, true);
    c.finish();
    await Promise.all([first, third]);
  });

  it('when a snapshot fails, then its slot is given back', async () => {
    const slots = new SnapshotSlots(1);
    await assert.rejects(slots.run(async () => Promise.reject(new Error('store down'))), /store down/);
    assert.equal(await slots.run(async () => 'next'), 'next');
  });

  it('when the setting is not a whole number ≥ 1, then it is refused by name', () => {
    assert.throws(() => new SnapshotSlots(0), /MAX_CONCURRENT_SNAPSHOTS/);
    assert.throws(() => new SnapshotSlots(1.5), /MAX_CONCURRENT_SNAPSHOTS/);
  });
});
