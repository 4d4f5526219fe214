// Publish a simulated customer straight into a store, without Temporal: read the simulator's lists
// over HTTP, map them (src/map), store the snapshot, diff and publish (src/diff, src/publish). For
// benchmarks that need a large published customer quickly; the export itself is measured elsewhere.
import { randomUUID } from 'node:crypto';
import { computeRunDiff } from '../../src/diff/compute.ts';
import { mapCustomer, type IstRecords } from '../../src/map/index.ts';
import { MODEL_VERSION } from '../../src/model/entities.ts';
import { publishRun } from '../../src/publish/publish.ts';
import type { RunningSimulator } from '../../src/simulator/index.ts';
import type { Store } from '../../src/store/index.ts';

const LISTS = ['organisations', 'persons', 'duties', 'groups', 'activities', 'syllabuses'] as const;

export async function publishSimulated(store: Store, sim: RunningSimulator, extensId: string, customerId: string, runDate: string, credentials = { id: 'bench', secret: 'bench' }): Promise<{ runId: string; lastSeq: number }> {
  const tokenRes = await fetch(sim.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', client_id: credentials.id, client_secret: credentials.secret }) });
  const { access_token } = (await tokenRes.json()) as { access_token: string };
  const records = {} as Record<(typeof LISTS)[number], unknown[]>;
  for (const list of LISTS) {
    const all: unknown[] = [];
    let pageToken: string | undefined;
    do {
      const url = new URL(`${sim.apiBaseUrl}/source/${extensId}/v2.0/${list}`);
      url.searchParams.set('limit', '1000');
      if (pageToken) url.searchParams.set('pageToken', pageToken);
      const body = (await (await fetch(url, { headers: { authorization: `Bearer ${access_token}` } })).json()) as { data: unknown[]; pageToken?: string | null };
      all.push(...body.data);
      pageToken = body.pageToken ?? undefined;
    } while (pageToken);
    records[list] = all;
  }
  const mapped = mapCustomer(records as unknown as IstRecords, { window: { runDate, lookAheadDays: 0 }, emailRequired: false, forwardCivicNo: false });
  const runId = randomUUID();
  await store.runs.begin(runId, customerId, `bench/${customerId}`);
  const counts: Record<string, number> = {};
  for (const e of mapped.entities) counts[e.type] = (counts[e.type] ?? 0) + 1;
  await store.snapshots.write(runId, mapped.entities, mapped.issues, { modelVersion: MODEL_VERSION, counts, issueCounts: { errors: 0, warnings: 0, byRule: {} } as never, skipped: mapped.skipped });
  await computeRunDiff(store.db, customerId, runId);
  const outcome = await publishRun(store.db, customerId, runId);
  return { runId, lastSeq: outcome.lastSeq };
}
