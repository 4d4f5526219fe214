import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { verifySecret } from '../../src/config/secret-hash.ts';
import { PROJECT_ROOT } from '../../src/temporal/cli-path.ts';
import { customerEntry, runCliProcess, writeCustomerFile } from '../support/cli.ts';
import { freshPostgresUrl } from '../support/databases.ts';

function writePartnerFile(content: unknown): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'ist-partners-')), 'partners.yaml');
  writeFileSync(file, stringify(content));
  return file;
}

describe('ist-export partners hash-secret and serve', () => {
  it('when hash-secret runs, then it prints a fresh secret, the API key and a hash that verifies exactly that secret', async () => {
    const r = await runCliProcess(['--json', 'partners', 'hash-secret', '--partner', 'lms-a'], {});
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { secret: string; apiKey: string; hash: string };
    assert.equal(out.apiKey, `lms-a.${out.secret}`);
    assert.equal(await verifySecret(out.secret, out.hash), true);
    assert.equal(await verifySecret(`${out.secret}x`, out.hash), false);
  });

  it('when the partner file holds a secret in clear, then serve stops with PartnerConfigInvalidError naming field and partner, exit 3', async () => {
    const customers = writeCustomerFile({ customers: [customerEntry('kommun-a')] });
    const partners = writePartnerFile({ partners: [{ id: 'lms-a', name: 'LMS', clientSecretHash: 'hunter2', customers: ['kommun-a'] }] });
    const r = await runCliProcess(['serve'], { CUSTOMERS_FILE: customers, PARTNERS_FILE: partners, API_TOKEN_SIGNING_KEY: 'k'.repeat(40), API_PORT: '0' });
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /error: PartnerConfigInvalidError: .*partners\.yaml: partners\[0\]\.clientSecretHash \(partner lms-a\)/);
    assert.match(r.stderr, /hint: /);
    assert.equal(r.stderr.includes('hunter2'), false, 'the clear secret is not echoed');
  });

  it('when serve starts on a good file, then it answers /healthz and /readyz and stops on SIGTERM', async () => {
    const hash = JSON.parse((await runCliProcess(['--json', 'partners', 'hash-secret'], {})).stdout) as { hash: string };
    const customers = writeCustomerFile({ customers: [customerEntry('kommun-a')] });
    const partners = writePartnerFile({ partners: [{ id: 'lms-a', name: 'LMS', clientSecretHash: hash.hash, customers: ['kommun-a'] }] });
    const db = await freshPostgresUrl();
    const env = { ...process.env, CUSTOMERS_FILE: customers, PARTNERS_FILE: partners, API_TOKEN_SIGNING_KEY: 'k'.repeat(40), API_PORT: '0', LOG_LEVEL: 'warn', ...(db ? { DATABASE_URL: db.url } : { DATA_DIR: mkdtempSync(path.join(tmpdir(), 'ist-serve-')) }) };
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/bin/cli.ts'), 'serve'], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), 60_000);
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /api ready (\S+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
        child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      });
      assert.equal((await fetch(`${url}/healthz`)).status, 200);
      assert.deepEqual(await (await fetch(`${url}/readyz`)).json(), { status: 'ready' });
      assert.equal((await fetch(`${url}/ss12000/source/kommun-a/v2.0/persons`)).status, 401);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    } finally {
      child.kill('SIGKILL');
      await db?.dispose();
    }
  });
});
