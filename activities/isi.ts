import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Context } from '@temporalio/activity';
import type { Agent } from 'undici';
import { asCustomerSource, type CustomerSource } from '../src/config/customer-source.ts';
import { findCustomer, type Customer, type CustomerFile } from '../src/config/customers.ts';
import { CustomerCredentialsMissingError } from '../src/config/errors.ts';
import { readSecret } from '../src/config/secrets.ts';
import { IsiClient, isiAgent } from '../src/isi/client.ts';
import { IsiFileCorruptError, IsiMessageClassUnsupportedError, IsiTransportMismatchError } from '../src/isi/errors.ts';
import type { IsiSettings } from '../src/isi/settings.ts';
import { PAYLOAD_FORMATS, stageIsiFile, StoredFileUnreadableError } from '../src/isi/stage-file.ts';
import type { Store } from '../src/store/index.ts';
import type { IsiPullResult, IsiPushResult, IsiStageResult } from '../workflows/contract.ts';

export interface IsiActivityDeps {
  /** The customer file, fixed or as it is now (the worker's CustomerFileSource). */
  config: CustomerFile | CustomerSource;
  store: Store;
  env: NodeJS.ProcessEnv;
  /** Records per staged page of the ISI lists; default 500. */
  isiPageSize?: number;
}

/** The customer's ISI settings and client; resolved once per activity call (the file as it is now). */
function isiContext(deps: IsiActivityDeps, agent: Agent, customerId: string, signal?: AbortSignal): { customer: Customer; isi: IsiSettings; client: IsiClient } {
  const customer = findCustomer(asCustomerSource(deps.config).current(), customerId);
  const isi = customer.isi;
  if (customer.transport !== 'isi' || !isi) throw new IsiTransportMismatchError({ customerId }, 'the run waits for ISI but the customer is no longer set to transport isi');
  if (!PAYLOAD_FORMATS[isi.messageClass]) throw new IsiMessageClassUnsupportedError({ customerId, messageClass: isi.messageClass, supported: Object.keys(PAYLOAD_FORMATS) });
  const password = readSecret(isi.passwordEnv, deps.env);
  if (!password) throw new CustomerCredentialsMissingError(customer.id, isi.passwordEnv);
  const client = new IsiClient({
    customerId, extensId: customer.extensId, endpoint: isi.endpoint, login: { systemId: asCustomerSource(deps.config).current().integrationPartnerId, password }, passwordEnv: isi.passwordEnv,
    serviceClass: isi.serviceClass, messageClass: isi.messageClass, params: isi.params, fetchSize: isi.fetchSize, pullTimeoutMs: isi.pullTimeoutMs,
    dispatcher: agent, ...(signal ? { signal } : {}),
  });
  return { customer, isi, client };
}

/** Beat on a timer while one long call is in flight: a live attempt never times out, a dead worker stops beating. */
async function beating<T>(fn: () => Promise<T>): Promise<T> {
  const ctx = Context.current();
  const every = Math.max(200, Math.min(5_000, (ctx.info.heartbeatTimeoutMs ?? 20_000) / 4));
  const timer = setInterval(() => ctx.heartbeat(), every);
  try {
    return await fn();
  } finally {
    clearInterval(timer);
  }
}

/** Read a spooled file in 1 MiB chunks for the store. */
async function* chunksOf(file: string): AsyncGenerator<Buffer> {
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) yield chunk as Buffer;
}

export function createIsiActivities(deps: IsiActivityDeps) {
  let agent: Agent | undefined;
  const sharedAgent = () => (agent ??= isiAgent());

  return {
    /**
     * Push the run's trigger once. The trigger id is stored before it is returned, so a retried attempt (or another
     * worker) finds it and never pushes twice for one run.
     */
    async isiPush(input: { customerId: string; runId: string }): Promise<IsiPushResult> {
      const { isi, client } = isiContext(deps, sharedAgent(), input.customerId, Context.current().cancellationSignal);
      const timing = { pollIntervalSeconds: isi.pollIntervalSeconds, deadlineMinutes: isi.deadlineMinutes };
      const existing = await deps.store.isi.trigger(input.runId);
      if (existing) return { version: 1, triggerId: existing.triggerId, resumed: true, ...timing };
      const triggerId = await deps.store.isi.saveTrigger(input.runId, await client.push());
      Context.current().log.info('ISI trigger pushed', { customerId: input.customerId, triggerId });
      return { version: 1, triggerId, resumed: false, ...timing };
    },

    /**
     * One pull for the run's trigger (ISI holds it open up to pullTimeoutMs). When the file came, it is stored whole
     * before this returns ready; waiting between pulls is the workflow's (a durable timer), never ours.
     */
    async isiPull(input: { customerId: string; runId: string; triggerId: string }): Promise<IsiPullResult> {
      const stored = await deps.store.isi.trigger(input.runId);
      if (stored?.received) return { version: 1, ready: true, bytes: stored.received.bytes };
      const { client } = isiContext(deps, sharedAgent(), input.customerId, Context.current().cancellationSignal);
      const outcome = await beating(() => client.pull(input.triggerId));
      if (!outcome.ready) return { version: 1, ready: false, ...(outcome.status ? { status: outcome.status } : {}) };
      try {
        const bytes = await beating(() => deps.store.isi.saveFile(input.runId, outcome.message.messageId, chunksOf(outcome.message.contentFile)));
        return { version: 1, ready: true, bytes };
      } finally {
        await rm(outcome.dir, { recursive: true, force: true });
      }
    },

    /** Stage the stored file: gunzip → IMS reader → SS 12000-shaped lists in staging. A retry starts over from the stored file. */
    async isiStageFile(input: { customerId: string; runId: string; triggerId: string }): Promise<IsiStageResult> {
      const ctx = Context.current();
      const customer = findCustomer(asCustomerSource(deps.config).current(), input.customerId);
      const messageClass = customer.isi?.messageClass ?? 'IMS2013';
      const format = PAYLOAD_FORMATS[messageClass];
      if (!format) throw new IsiMessageClassUnsupportedError({ customerId: customer.id, messageClass, supported: Object.keys(PAYLOAD_FORMATS) });
      try {
        const result = await beating(() =>
          stageIsiFile(deps.store.isi.file(input.runId), format, deps.store.staging, input.runId, {
            forwardCivicNo: customer.forwardCivicNo, env: deps.env, onProgress: () => ctx.heartbeat(), ...(deps.isiPageSize ? { pageSize: deps.isiPageSize } : {}),
          }),
        );
        const { read, assembled } = result;
        const left = { deleted: read.deleted, withoutId: read.withoutId, inactiveRoles: assembled.inactiveRoles, ignoredRoles: assembled.ignoredRoles };
        ctx.log.info('ISI file staged', { customerId: customer.id, persons: read.persons, groups: read.groups, members: read.members, ...left });
        return { version: 1, resources: result.resources, read: { persons: read.persons, groups: read.groups, members: read.members }, left };
      } catch (err) {
        if (err instanceof StoredFileUnreadableError) throw new IsiFileCorruptError({ customerId: customer.id, triggerId: input.triggerId, part: err.part }, err.message);
        throw err;
      }
    },
  };
}
