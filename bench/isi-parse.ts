// Benchmark: memory of staging an ISI file. Builds the simulated tenant's gzip IMS Enterprise file (in this
// process), then stages it in a fresh child process — store the file, gunzip → streaming XML reader → raw pages →
// SS 12000 lists — and prints the file sizes, record counts, wall time and the child's peak RSS (sampled and maxRSS).
//   node --import tsx bench/isi-parse.ts --size xl [--seed 1]
// Uses DATABASE_URL or TEST_DATABASE_URL (a fresh database is created) when set, else embedded PGlite.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { PAYLOAD_FORMATS, stageIsiFile } from '../src/isi/stage-file.ts';
import { stockholmDate } from '../src/map/validity.ts';
import { startSimulator, type SimulatorSize } from '../src/simulator/index.ts';
import { openStore } from '../src/store/index.ts';
import { freshPostgresUrl } from '../test/support/databases.ts';

const { values: flags } = parseArgs({ options: { size: { type: 'string', default: 'xl' }, seed: { type: 'string', default: '1' }, stage: { type: 'string' }, db: { type: 'string' } } });

async function stageChild(file: string, databaseUrl: string | undefined): Promise<void> {
  let peak = 0;
  const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const store = await openStore(databaseUrl ? { databaseUrl, maxConnections: 2 } : {});
  const runId = 'bench-isi';
  await store.runs.begin(runId, 'bench', 'bench');
  await store.isi.saveTrigger(runId, 'T1');
  const started = Date.now();
  const bytes = await store.isi.saveFile(runId, 'M1', (async function* () {
    const buf = readFileSync(file);
    for (let i = 0; i < buf.length; i += 1 << 20) yield buf.subarray(i, i + (1 << 20));
  })());
  const stored = Date.now();
  const result = await stageIsiFile(store.isi.file(runId), PAYLOAD_FORMATS.IMS2013!, store.staging, runId, { forwardCivicNo: false });
  clearInterval(sample);
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
  console.log(`stored ${mb(bytes)} in ${Date.now() - started - (Date.now() - stored)} ms; staged in ${Date.now() - stored} ms`);
  console.log(`read: ${JSON.stringify(result.read)}`);
  for (const r of result.resources) console.log(`  ${r.resource.padEnd(14)} ${String(r.records).padStart(8)} records  ${String(r.pages).padStart(5)} pages  ${r.quarantined} quarantined`);
  console.log(`peak RSS (sampled): ${mb(peak)}; maxRSS: ${mb(process.resourceUsage().maxRSS * 1024)}`);
  await store.close();
}

async function main(): Promise<void> {
  if (flags.stage) return stageChild(flags.stage, flags.db || undefined);
  const size = flags.size as SimulatorSize;
  const sim = await startSimulator({ tenants: [{ customerId: 'BENCH', seed: Number(flags.seed), size, clientId: 'a', clientSecret: 'b', referenceDate: stockholmDate() }], isi: { partnerId: 'P', password: 'p' } });
  const t0 = Date.now();
  const gz = await sim.isi!.file('BENCH');
  await sim.close();
  const dir = mkdtempSync(path.join(tmpdir(), 'isi-bench-'));
  const file = path.join(dir, 'tenant.xml.gz');
  writeFileSync(file, gz);
  console.log(`tenant ${size}: file ${(gz.length / 1024 / 1024).toFixed(1)} MB gzip, ${(gunzipSync(gz).length / 1024 / 1024).toFixed(0)} MB XML (built in ${Date.now() - t0} ms)`);
  const db = await freshPostgresUrl();
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, '--stage', file, ...(db ? ['--db', db.url] : [])], { stdio: 'inherit' });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) process.exitCode = 1;
  } finally {
    await db?.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
