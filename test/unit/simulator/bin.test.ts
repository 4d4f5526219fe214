// `npm run simulator -- --help` prints help; a bad argument is one line and a hint, never a stack trace.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { PROJECT_ROOT } from '../../../src/temporal/cli-path.ts';

function simulatorProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/bin/simulator.ts'), ...args], { cwd: PROJECT_ROOT, timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
    );
  });
}

describe('the simulator command', () => {
  it('when asked for --help, then it prints its options and exits 0', async () => {
    const r = await simulatorProcess(['--help']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Usage: npm run simulator -- \[options\]/);
    assert.match(r.stdout, /--size <size> +tiny \| small \| medium \| l \| xl/);
  });

  it('when an option is unknown or a value wrong, then one error line, a hint, exit 2 and no stack trace', async () => {
    for (const args of [['--bogus'], ['--size', 'huge']]) {
      const r = await simulatorProcess(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /^error: .+\nhint: npm run simulator -- --help\n$/);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    }
  });
});
