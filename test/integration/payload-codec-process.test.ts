// The codec as deployed: a worker process configured by PAYLOAD_CODEC_KEYS, and `ist-export codec-server` as a
// process in front of the real temporal CLI.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { findTemporalBinary, PROJECT_ROOT } from '../../src/temporal/cli-path.ts';
import { payloadProtection } from '../../src/temporal/data-converter.ts';
import { ENCRYPTED_ENCODING, newCodecKey, parseCodecKeys } from '../../src/temporal/payload-codec.ts';
import { startExport } from '../../src/temporal/start-export.ts';
import { crashFixture, startWorkerProcess, TEST_FETCH_TIMING } from '../support/processes.ts';
import { temporalAddress, workflowBundle } from '../support/temporal.ts';

const KEYS = newCodecKey('kproc');

async function encodedBundleFile(): Promise<string> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'ist-codec-bundle-')), 'workflow-bundle.js');
  writeFileSync(file, (await workflowBundle({ encodedFailures: true })).code);
  return file;
}

/** `ist-export codec-server` as a child process; resolves with its URL once it listens. */
async function startCodecServer(env: Record<string, string>): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/bin/cli.ts'), 'codec-server', '--port', '0'], { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  after(() => child.kill('SIGKILL'));
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`codec server did not start: ${out}`)), 30_000);
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /codec server ready (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) => reject(new Error(`codec server exited ${code}: ${out}`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

describe('payload encryption configured by the environment (worker and codec server processes)', () => {
  it('when a worker with PAYLOAD_CODEC_KEYS gets a bundle built without the encoding failure converter, then it refuses to start with a named error', async () => {
    const fx = await crashFixture({ size: 'tiny', pageSize: 50, temporalAddress: await temporalAddress() });
    await assert.rejects(startWorkerProcess({ ...fx.workerEnv, PAYLOAD_CODEC_KEYS: KEYS }), /WorkflowBundleCodecMismatchError/);
  });

  it('when the worker process encrypts, then heartbeats in flight are ciphertext, and `codec-server` decodes the run for the temporal CLI only with its token', async () => {
    const address = await temporalAddress();
    const fx = await crashFixture({ size: 'small', pageSize: 20, temporalAddress: address, chunkPages: 200 });
    // Slow enough that a fetch is in flight (and heartbeating) for a while.
    const customers = await fx.rewriteCustomers({ requestsPerSecond: 3 });
    const worker = await startWorkerProcess({ ...fx.workerEnv, CUSTOMERS_FILE: customers, PAYLOAD_CODEC_KEYS: KEYS, WORKFLOW_BUNDLE: await encodedBundleFile() });
    const connection = await Connection.connect({ address });
    after(() => connection.close());
    const client = new Client({ connection, dataConverter: payloadProtection(parseCodecKeys(KEYS)).clientDataConverter! });
    try {
      const handle = await startExport(client, fx.customerId, { taskQueue: fx.taskQueue, fetchTiming: TEST_FETCH_TIMING });
      let heartbeats: { metadata?: Record<string, Uint8Array> | null }[] = [];
      const deadline = Date.now() + 60_000;
      while (heartbeats.length === 0 && Date.now() < deadline) {
        const described = await client.workflowService.describeWorkflowExecution({ namespace: 'default', execution: { workflowId: handle.workflowId } });
        heartbeats = (described.pendingActivities ?? []).flatMap((a) => a.heartbeatDetails?.payloads ?? []);
        if (heartbeats.length === 0) await new Promise((r) => setTimeout(r, 300));
      }
      assert.ok(heartbeats.length > 0, 'a fetch heartbeat with details was seen');
      for (const h of heartbeats) assert.equal(Buffer.from(h.metadata!.encoding!).toString(), ENCRYPTED_ENCODING);
      const result = await handle.result();
      assert.equal(result.customerId, fx.customerId);

      const codec = await startCodecServer({ PAYLOAD_CODEC_KEYS: KEYS, CODEC_SERVER_TOKEN: 'proc-token' });
      try {
        const show = (...codecArgs: string[]) =>
          promisify(execFile)(findTemporalBinary(), ['workflow', 'show', '--address', address, '--workflow-id', handle.workflowId, '--output', 'json', ...codecArgs], { encoding: 'utf8' }).then(
            (r) => r.stdout,
            () => '',
          );
        const encrypted = Buffer.from(ENCRYPTED_ENCODING).toString('base64');
        assert.ok((await show()).includes(encrypted), 'without the codec server the CLI sees ciphertext');
        const decoded = await show('--codec-endpoint', codec.url, '--codec-auth', 'Bearer proc-token');
        assert.ok(decoded.length > 1000 && !decoded.includes(encrypted), 'through the codec server every payload is decoded');
        const unauth = await fetch(`${codec.url}/decode`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"payloads":[]}' });
        assert.equal(unauth.status, 401);
      } finally {
        codec.stop();
      }
    } finally {
      await worker.stop();
    }
  });

  it('when codec-server has no token and a non-loopback host, then it refuses to start with a named error', async () => {
    const r = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/bin/cli.ts'), 'codec-server', '--host', '0.0.0.0', '--allow-unauthenticated'], { cwd: PROJECT_ROOT, env: { ...process.env, PAYLOAD_CODEC_KEYS: KEYS } }).then(
      () => ({ code: 0, stderr: '' }),
      (err: { code: number; stderr: string }) => ({ code: err.code, stderr: err.stderr }),
    );
    assert.equal(r.code, 2);
    assert.match(r.stderr, /CodecServerConfigError: CODEC_SERVER_TOKEN/);
  });
});
