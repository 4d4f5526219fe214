import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DeterminismViolationError } from '@temporalio/workflow';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { workflowBundle } from '../support/temporal.ts';

const historiesDir = path.join(import.meta.dirname, 'histories');
const histories = readdirSync(historiesDir).filter((f) => f.endsWith('.json'));

function load(file: string) {
  return JSON.parse(readFileSync(path.join(historiesDir, file), 'utf8')) as object;
}

describe('replay of recorded histories', () => {
  it('when histories are committed, then there is at least one', () => {
    assert.ok(histories.length > 0);
  });

  for (const file of histories) {
    it(`when ${file} is replayed against today's workflows, then it is deterministic`, async () => {
      await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, load(file), path.basename(file, '.json'));
    });
  }

  it('when the workflow code changed its command order, then replay fails with a determinism error', async () => {
    const changed = await bundleWorkflowCode({ workflowsPath: path.join(import.meta.dirname, 'changed/index.ts'), logger: { info() {}, warn() {}, error() {}, debug() {}, trace() {}, log() {} } as never });
    await assert.rejects(Worker.runReplayHistory({ workflowBundle: changed }, load(histories[0]!), 'changed'), (err: unknown) => err instanceof DeterminismViolationError);
  });
});
