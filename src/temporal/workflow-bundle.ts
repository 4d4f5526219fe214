import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from './data-converter.ts';
import { WORKFLOWS_PATH } from './worker.ts';

/** Where `npm run build:bundle` writes the bundle; the worker reads it when WORKFLOW_BUNDLE names it. */
export const DEFAULT_BUNDLE_PATH = 'dist/workflow-bundle.js';

const quiet = { info() {}, warn() {}, error() {}, debug() {}, trace() {}, log() {} } as never;

/**
 * The workflow code as production code: webpack's production mode (tree shaking, no eval wrappers)
 * without minifying, so stack traces and names stay readable. The inline source map stays: the worker
 * refuses a bundle without one. Bundling at worker start costs seconds and ~120 MB of webpack memory
 * that a long-lived worker never gives back.
 */
export function bundleWorkflowsForProduction(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    // Workflow failures with their message in a payload: a worker with PAYLOAD_CODEC_KEYS refuses a bundle
    // without it (failure texts would be plaintext in history); without keys the payload is plain JSON and every
    // client (ours, the temporal CLI, the Web UI) still shows the message.
    failureConverterPath: FAILURE_CONVERTER_PATH,
    logger: quiet,
    webpackConfigHook: (config) => ({ ...config, mode: 'production', optimization: { ...config.optimization, minimize: false } }),
  });
}

/** Build the bundle and write it to `file` (its folder is created); returns the size in bytes. */
export async function writeWorkflowBundle(file: string): Promise<number> {
  const { code } = await bundleWorkflowsForProduction();
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  writeFileSync(file, code);
  return Buffer.byteLength(code);
}
