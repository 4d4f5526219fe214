// Export one run: its data-quality report (CSV + JSON) and its snapshot as NDJSON with a manifest.
//   npx tsx src/bin/export-run.ts <runId> <outDir> [report|ndjson|all]
// Reads the store from DATABASE_URL (or DATA_DIR/pglite); forwarded personnummer need CIVICNO_KEY.
// Writes <outDir>/report.csv, <outDir>/report.json and <outDir>/snapshot/{*.ndjson,manifest.json}.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readEnvironment } from '../config/environment.ts';
import { writeNdjsonExport } from '../publish/ndjson-export.ts';
import { toCsv, toJson } from '../quality/export.ts';
import { loadReport } from '../quality/report.ts';
import { openStore } from '../store/index.ts';

const [runId, outDir, what = 'all'] = process.argv.slice(2);
if (!runId || !outDir || !['report', 'ndjson', 'all'].includes(what)) {
  console.error('usage: export-run <runId> <outDir> [report|ndjson|all]');
  process.exit(2);
}
const env = readEnvironment();
const store = await openStore({ databaseUrl: env.DATABASE_URL, dataDir: path.join(env.DATA_DIR, 'pglite') });
try {
  if (what !== 'ndjson') {
    const report = await loadReport(store, runId);
    if (!report) throw new Error(`run ${runId} is not in the store`);
    await mkdir(outDir, { recursive: true });
    await writeFile(path.join(outDir, 'report.csv'), toCsv(report));
    await writeFile(path.join(outDir, 'report.json'), toJson(report));
    console.log(`report: ${report.summary.errors} errors, ${report.summary.warnings} warnings → ${outDir}/report.{csv,json}`);
  }
  if (what !== 'report') {
    const manifest = await writeNdjsonExport(store, runId, path.join(outDir, 'snapshot'));
    console.log(`snapshot: ${manifest.files.map((f) => `${f.entityType} ${f.count}`).join(', ')} → ${outDir}/snapshot`);
  }
} finally {
  await store.close();
}
