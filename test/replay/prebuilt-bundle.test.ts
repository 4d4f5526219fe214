import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { Worker } from '@temporalio/worker';
import { writeWorkflowBundle } from '../../src/temporal/workflow-bundle.ts';

const historiesDir = path.join(import.meta.dirname, 'histories');
const dir = mkdtempSync(path.join(tmpdir(), 'ist-bundle-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('the prebuilt workflow bundle (npm run build:bundle, WORKFLOW_BUNDLE)', () => {
  it('when the production bundle is written to a file, then every recorded history replays from that file', async () => {
    const file = path.join(dir, 'workflow-bundle.js');
    const bytes = await writeWorkflowBundle(file);
    assert.ok(bytes > 10_000, `bundle of ${bytes} bytes`);
    const files = readdirSync(historiesDir).filter((f) => f.endsWith('.json'));
    assert.ok(files.length > 0);
    for (const f of files) {
      const history = JSON.parse(readFileSync(path.join(historiesDir, f), 'utf8')) as object;
      await Worker.runReplayHistory({ workflowBundle: { codePath: file } }, history, path.basename(f, '.json'));
    }
  });
});
