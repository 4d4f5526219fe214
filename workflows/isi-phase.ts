import { ApplicationFailure, proxyActivities, sleep } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import { isiPullOptions, isiPushOptions, isiStageOptions } from './activity-options.ts';
import type { ExportProgress, FetchTiming, IsiProgress, ResourceFetchResult } from './contract.ts';

/** Runs started before the ISI route existed never take it; new runs of ISI customers do. */
export const ISI_ROUTE_PATCH = 'isi-route-v1';

/** Failure type when ISI sent no file before the customer's isi.deadlineMinutes (a non-retryable run failure). */
export const ISI_DEADLINE_ERROR = 'IsiMessageDeadlineExceededError';

/**
 * The ISI route's fetch: push the trigger once, then pull until the file is there — each pull one short activity
 * (ISI holds it up to its timeout), a durable Temporal timer between pulls, and an overall deadline — then stage
 * the file into the same lists the REST route fills. A worker killed while waiting loses nothing: the timer and
 * the trigger id live in history; a killed pull or staging attempt is retried from the store.
 * History carries the trigger id and counts only.
 */
export async function isiFetchPhase(input: { customerId: string; runId: string; timing?: FetchTiming }, progress: ExportProgress): Promise<ResourceFetchResult[]> {
  const { isiPush } = proxyActivities<Activities>(isiPushOptions);
  const { isiPull } = proxyActivities<Activities>(isiPullOptions(input.timing));
  const { isiStageFile } = proxyActivities<Activities>(isiStageOptions(input.timing));
  const ids = { customerId: input.customerId, runId: input.runId };
  const shown: IsiProgress = { state: 'pushing', triggerId: null, polls: 0 };
  progress.isi = shown;
  for (const r of Object.values(progress.resources)) r.state = 'fetching';
  try {
    const pushed = await isiPush(ids);
    shown.triggerId = pushed.triggerId;
    shown.state = 'waiting';
    // Workflow time: deterministic, and the same after a worker restart.
    const deadline = Date.now() + pushed.deadlineMinutes * 60_000;
    for (;;) {
      const pulled = await isiPull({ ...ids, triggerId: pushed.triggerId });
      if (pulled.ready) break;
      shown.polls++;
      if (Date.now() + pushed.pollIntervalSeconds * 1000 > deadline) {
        throw ApplicationFailure.nonRetryable(
          `customer "${input.customerId}": ISI sent no file for trigger ${pushed.triggerId} within ${pushed.deadlineMinutes} min (${shown.polls} pulls${pulled.status ? `, last status ${pulled.status}` : ''}); nothing was published; check the integration's status with IST, or raise isi.deadlineMinutes`,
          ISI_DEADLINE_ERROR,
        );
      }
      await sleep(pushed.pollIntervalSeconds * 1000);
    }
    shown.state = 'staging';
    const staged = await isiStageFile({ ...ids, triggerId: pushed.triggerId });
    for (const r of staged.resources) progress.resources[r.resource] = { state: 'done', pages: r.pages, records: r.records, retries: 0 };
    shown.state = 'done';
    return staged.resources;
  } catch (err) {
    shown.state = 'failed';
    for (const r of Object.values(progress.resources)) if (r.state !== 'done') r.state = 'failed';
    throw err;
  }
}
