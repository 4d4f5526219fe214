import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { buildCodecServer } from '../../src/codec/server.ts';
import { payloadProtection } from '../../src/temporal/data-converter.ts';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING, newCodecKey, parseCodecKeys, PayloadCodecKeyUnknownError, PayloadDecryptionFailedError } from '../../src/temporal/payload-codec.ts';
import { findTemporalBinary } from '../../src/temporal/cli-path.ts';
import { startExport } from '../../src/temporal/start-export.ts';
import { exportFixture } from '../support/export-fixture.ts';
import { historyJson } from '../support/history.ts';
import { testDatabases, withStore } from '../support/databases.ts';
import { temporalAddress, workflowBundle } from '../support/temporal.ts';

const run = promisify(execFile);
const backend = testDatabases()[0]!;
const KEY_2025 = newCodecKey('k2025');
const KEY_2026 = newCodecKey('k2026');

/**
 * Every payload in a `temporal workflow show -o json` history, except search attributes (the server indexes those
 * in the clear) and patch markers (the SDK writes the patch id, a name in our code, without the codec).
 */
function payloadsOf(history: unknown): { metadata: Record<string, string>; data?: string }[] {
  const out: { metadata: Record<string, string>; data?: string }[] = [];
  const walk = (node: unknown, key: string) => {
    if (key === 'searchAttributes' || key === 'patch-data') return;
    if (Array.isArray(node)) return node.forEach((n) => walk(n, key));
    if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.metadata && typeof o.metadata === 'object' && 'encoding' in (o.metadata as object)) out.push(o as never);
      for (const [k, v] of Object.entries(o)) walk(v, k);
    }
  };
  walk(history, '');
  return out;
}

const b64 = (s: string | undefined) => Buffer.from(s ?? '', 'base64').toString('utf8');

/** The raw history text with every base64 field also decoded: what someone with database access could read. */
function readableText(json: string): string {
  const decoded: string[] = [];
  try {
    JSON.parse(json, (_k, v: unknown) => {
      if (typeof v === 'string' && /^[A-Za-z0-9+/]{8,}={0,2}$/.test(v)) decoded.push(b64(v));
      return v;
    });
  } catch {
    // not JSON (an error message): the text is all there is
  }
  return `${json}\n${decoded.join('\n')}`;
}

describe('payload encryption on a real Temporal server', () => {
  it('when payloads are encrypted, then `temporal workflow show` has no plaintext input, result, heartbeat or failure, the codec server decodes them for the CLI, and replay with the codec passes', async () => {
    const protection = payloadProtection(parseCodecKeys(KEY_2025));
    const fx = await exportFixture({ size: 'tiny', seed: 3 }, { payloads: protection });
    const address = await temporalAddress();
    await withStore(backend, async (store) => {
      const handle = await startExport(fx.client, fx.customerId, { taskQueue: fx.taskQueue });
      const result = await fx.withWorker(store, () => handle.result());
      assert.equal(result.customerId, fx.customerId, 'the encrypting client reads its own result');

      const shown = historyJson(address, handle.workflowId);
      const payloads = payloadsOf(JSON.parse(shown));
      assert.ok(payloads.length >= 10, `input, activity inputs/results and the result are payloads (${payloads.length})`);
      for (const p of payloads) assert.equal(b64(p.metadata.encoding), ENCRYPTED_ENCODING);
      assert.ok(payloads.every((p) => b64(p.metadata['encryption-key-id']) === 'k2025'));
      const text = readableText(shown);
      for (const plain of ['"version"', '"customerId"', 'organisations', '"counts"', '"pagesFetched"']) assert.ok(!text.includes(plain), `history holds ${plain} in plaintext`);

      // The real CLI through our codec server decodes what the Web UI would show.
      const codec = buildCodecServer({ codec: new AesGcmPayloadCodec(parseCodecKeys(KEY_2025)), token: 'op-token', corsOrigin: 'http://localhost:8233' });
      const url = await codec.listen({ host: '127.0.0.1', port: 0 });
      try {
        const args = ['workflow', 'show', '--address', address, '--workflow-id', handle.workflowId, '--output', 'json', '--codec-endpoint', url];
        const decoded = (await run(findTemporalBinary(), [...args, '--codec-auth', 'Bearer op-token'], { encoding: 'utf8' })).stdout;
        assert.ok(readableText(decoded).includes('organisations'), 'decoded through the codec server');
        const refused = await run(findTemporalBinary(), [...args, '--codec-auth', 'Bearer wrong'], { encoding: 'utf8' }).then(
          (r) => ({ failed: false, text: r.stdout }),
          (err: { stderr?: string; stdout?: string }) => ({ failed: true, text: `${err.stdout ?? ''}${err.stderr ?? ''}` }),
        );
        assert.ok(refused.failed && !readableText(refused.text).includes('organisations'), 'a wrong token decodes nothing');
        const direct = await fetch(`${url}/decode`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer wrong' }, body: JSON.stringify({ payloads: [] }) });
        assert.equal(direct.status, 401);

        const preflight = await fetch(`${url}/decode`, { method: 'OPTIONS', headers: { origin: 'http://localhost:8233', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-namespace' } });
        assert.equal(preflight.headers.get('access-control-allow-origin'), 'http://localhost:8233');
        const foreign = await fetch(`${url}/decode`, { method: 'OPTIONS', headers: { origin: 'http://evil.example' } });
        assert.equal(foreign.headers.get('access-control-allow-origin'), null);
      } finally {
        await codec.close();
      }

      // Replay needs the decoded history: the raw one through the codec, as a worker would see it.
      const history = await handle.fetchHistory();
      await Worker.runReplayHistory({ workflowBundle: await workflowBundle({ encodedFailures: true }), dataConverter: protection.workerDataConverter }, history, handle.workflowId);
    });
  });

  it('when an encrypted run fails, then the failure message is ciphertext in Temporal and the decrypting client still gets the named error', async () => {
    const protection = payloadProtection(parseCodecKeys(KEY_2025));
    const fx = await exportFixture({ size: 'tiny', seed: 4 }, { payloads: protection, customer: { clientSecretEnv: 'T_SECRET_NOT_SET' } });
    await withStore(backend, async (store) => {
      const handle = await startExport(fx.client, fx.customerId, { taskQueue: fx.taskQueue });
      const err = await fx.withWorker(store, () => handle.result().then(() => undefined, (e: unknown) => e));
      assert.ok(err instanceof WorkflowFailedError);
      let messages = '';
      for (let e: unknown = err; e instanceof Error; e = e.cause) messages += `${e.message}\n`;
      assert.match(messages, /T_SECRET_NOT_SET is not set/, 'the client decodes the failure');

      const shown = historyJson(await temporalAddress(), handle.workflowId);
      const text = readableText(shown);
      assert.ok(!text.includes('T_SECRET_NOT_SET'), 'no failure message in plaintext');
      assert.ok(shown.includes('Encoded failure'), 'failures carry only the placeholder message');
    });
  });

  it('when keys are rotated, then new runs use the new key, old runs still decode, and a client without the old key gets a named error', async () => {
    const old = payloadProtection(parseCodecKeys(KEY_2025));
    const fxOld = await exportFixture({ size: 'tiny', seed: 5 }, { payloads: old });
    const rotated = payloadProtection(parseCodecKeys(`${KEY_2026},${KEY_2025}`));
    const fxNew = await exportFixture({ size: 'tiny', seed: 5 }, { payloads: rotated });
    await withStore(backend, async (store) => {
      const before = await startExport(fxOld.client, fxOld.customerId, { taskQueue: fxOld.taskQueue });
      await fxOld.withWorker(store, () => before.result());
      const after = await startExport(fxNew.client, fxNew.customerId, { taskQueue: fxNew.taskQueue });
      await fxNew.withWorker(store, () => after.result());

      const address = await temporalAddress();
      const keyIds = (id: string) => new Set(payloadsOf(JSON.parse(historyJson(address, id))).map((p) => b64(p.metadata['encryption-key-id'])));
      assert.deepEqual([...keyIds(after.workflowId)], ['k2026']);

      // A client with the rotated key set reads the run encrypted with the old key.
      assert.equal((await fxNew.client.workflow.getHandle(before.workflowId).result()).customerId, fxOld.customerId);

      // Only the new key: the old run cannot be read, and says why.
      const connection = await Connection.connect({ address: await temporalAddress() });
      try {
        const newOnly = new Client({ connection, dataConverter: payloadProtection(parseCodecKeys(KEY_2026)).clientDataConverter! });
        await assert.rejects(newOnly.workflow.getHandle(before.workflowId).result(), (e: unknown) => e instanceof PayloadCodecKeyUnknownError && /k2025/.test(e.message));
        // The same id with other key material: refused, not garbage.
        const forged = new Client({ connection, dataConverter: payloadProtection(parseCodecKeys(newCodecKey('k2025'))).clientDataConverter! });
        await assert.rejects(forged.workflow.getHandle(before.workflowId).result(), PayloadDecryptionFailedError);
      } finally {
        await connection.close();
      }
    });
  });
});

describe('committed plaintext histories', () => {
  it('when replayed by a worker with the codec, then they stay deterministic (plain payloads pass through)', async () => {
    const dir = path.join(import.meta.dirname, '../replay/histories');
    const { readdirSync, readFileSync } = await import('node:fs');
    const protection = payloadProtection(parseCodecKeys(KEY_2025));
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      await Worker.runReplayHistory({ workflowBundle: await workflowBundle({ encodedFailures: true }), dataConverter: protection.workerDataConverter }, JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as object, file);
    }
  });
});
