import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { after } from 'node:test';
import { stringify } from 'yaml';
import { PROJECT_ROOT } from '../../src/temporal/cli-path.ts';
import { ensureNamespace } from '../../src/schedules/setup.ts';
import { temporalAddress } from './temporal.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `ist-export <args>` as an operator runs it: a child process; exit code and both streams. */
export function runCliProcess(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/bin/cli.ts'), ...args], { env: { ...process.env, ...env }, cwd: PROJECT_ROOT, timeout: 120_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A namespace no other test uses, with our search attributes; Temporal schedules of one test stay apart. */
export async function freshNamespace(): Promise<{ namespace: string; address: string; client: Client }> {
  const address = await temporalAddress();
  const connection = await Connection.connect({ address });
  after(() => connection.close());
  const namespace = `t-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  await ensureNamespace(connection, namespace, 1);
  return { namespace, address, client: new Client({ connection, namespace }) };
}

/** Write a customer file (YAML) to a temp dir; returns its path. */
export function writeCustomerFile(content: unknown): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'ist-cli-')), 'customers.yaml');
  writeFileSync(file, stringify(content));
  return file;
}

export function customerEntry(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, name: `Kommun ${id}`, extensId: id.toUpperCase().replace(/-/g, '_'), tier: 'silver', clientIdEnv: 'T_IST_ID', clientSecretEnv: 'T_IST_SECRET', ...extra };
}
