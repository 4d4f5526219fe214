import { after } from 'node:test';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { startDevServer, type DevServer } from '../../src/temporal/dev-server.ts';
import { FAILURE_CONVERTER_PATH } from '../../src/temporal/data-converter.ts';
import { WORKFLOWS_PATH } from '../../src/temporal/worker.ts';

let server: Promise<DevServer> | undefined;

// Registered at import, so the hook belongs to the file, not to whichever test asked first.
if (!process.env.TEMPORAL_ADDRESS) {
  after(async () => {
    if (server) await (await server).stop();
  });
}

/**
 * The Temporal server for this test file: the shared one that `npm test` started (TEMPORAL_ADDRESS),
 * or, when a file runs alone, a dev server from .tools/bin started here and stopped after the file.
 */
export async function temporalAddress(): Promise<string> {
  if (process.env.TEMPORAL_ADDRESS) return process.env.TEMPORAL_ADDRESS;
  server ??= startDevServer();
  return (await server).address;
}

const bundles = new Map<boolean, Promise<WorkflowBundleWithSourceMap>>();

/**
 * Bundle the workflows once per test file. `encodedFailures`: with the failure converter that moves failure
 * messages into (encryptable) payloads, as a worker with PAYLOAD_CODEC_KEYS bundles them.
 */
export function workflowBundle(options: { encodedFailures?: boolean } = {}): Promise<WorkflowBundleWithSourceMap> {
  const encoded = options.encodedFailures ?? false;
  let bundle = bundles.get(encoded);
  if (!bundle) {
    bundle = bundleWorkflowCode({
      workflowsPath: WORKFLOWS_PATH,
      ...(encoded ? { failureConverterPath: FAILURE_CONVERTER_PATH } : {}),
      logger: { info() {}, warn() {}, error() {}, debug() {}, trace() {}, log() {} } as never,
    });
    bundles.set(encoded, bundle);
  }
  return bundle;
}

/** A task queue no other test uses. */
export function uniqueTaskQueue(prefix = 'test'): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
