import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Agent, request, type Dispatcher } from 'undici';
import { pullRequest, pushRequest, SOAP_ACTION, type IsiLogin, type IsiTriggerSpec } from './envelope.ts';
import { IsiCustomerNotOpenedError, IsiFaultError, IsiPartnerLoginRefusedError, IsiResponseInvalidError, IsiTriggerUnknownError, IsiUnavailableError } from './errors.ts';
import { classifyFault, IsiFaultKind } from './fault-kinds.ts';
import { readSoapAnswer, SoapAnswerUnreadableError, type PulledMessage, type SoapAnswer } from './soap-reader.ts';

export interface IsiClientOptions {
  customerId: string;
  extensId: string;
  endpoint: string;
  login: IsiLogin;
  /** Env variable the password came from: named in a refused-login error. */
  passwordEnv: string;
  serviceClass: string;
  messageClass: string;
  params: Record<string, string>;
  fetchSize: number;
  pullTimeoutMs: number;
  dispatcher?: Dispatcher;
  /** Extra ms on top of the pull timeout before we give up on ISI's answer headers. Default 30000. */
  headersGraceMs?: number;
  signal?: AbortSignal;
}

/** A pull's outcome: nothing yet, or the file for our trigger spooled to `file` (the caller removes `dir`). */
export type PullOutcome =
  | { ready: false; status: string | undefined }
  | { ready: true; message: PulledMessage & { contentFile: string }; dir: string };

/** The two operations of IST's ISI partner endpoint for one customer (src/isi/envelope.ts builds the requests). */
export class IsiClient {
  private readonly trigger: IsiTriggerSpec;
  constructor(private readonly options: IsiClientOptions) {
    this.trigger = { serviceClass: options.serviceClass, messageClass: options.messageClass, sourceSystemId: options.login.systemId, destSystemId: options.extensId };
  }

  /** isiPartnerPush: register the trigger that asks ISI for the customer's file; returns ISI's trigger id. */
  async push(): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), 'isi-push-'));
    try {
      const answer = await this.call('isiPartnerPush', pushRequest(this.options.login, this.trigger, this.options.params), dir, 60_000);
      const registered = answer.triggersRegistered.find((t) => t.triggerId);
      if (!registered?.triggerId) throw new IsiResponseInvalidError(this.context('isiPartnerPush'), 'no triggerRegistered with a triggerId');
      return registered.triggerId;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** isiPartnerPull for one trigger: waits up to pullTimeoutMs at ISI; the file, if it came, is spooled to disk. */
  async pull(triggerId: string): Promise<PullOutcome> {
    const dir = await mkdtemp(path.join(tmpdir(), 'isi-pull-'));
    let keep = false;
    try {
      const body = pullRequest(this.options.login, { ...this.trigger, triggerId }, { fetchSize: this.options.fetchSize, timeoutMs: this.options.pullTimeoutMs });
      const answer = await this.call('isiPartnerPull', body, dir, this.options.pullTimeoutMs + (this.options.headersGraceMs ?? 30_000), triggerId);
      // Ours: the message that names our trigger, or the only message when ISI names none.
      const withContent = answer.messages.filter((m) => m.contentFile !== undefined);
      const ours = withContent.find((m) => m.triggerId === triggerId) ?? (withContent.length === 1 && withContent[0]?.triggerId === undefined ? withContent[0] : undefined);
      const status = answer.statusTriggers.find((s) => s.triggerId === triggerId)?.status;
      if (!ours?.contentFile) return { ready: false, status };
      keep = true;
      return { ready: true, message: { ...ours, contentFile: ours.contentFile }, dir };
    } finally {
      if (!keep) await rm(dir, { recursive: true, force: true });
    }
  }

  private context(operation: string) {
    return { customerId: this.options.customerId, operation };
  }

  private async call(operation: 'isiPartnerPush' | 'isiPartnerPull', body: string, dir: string, headersTimeout: number, triggerId?: string): Promise<SoapAnswer> {
    const ctx = this.context(operation);
    let res: Dispatcher.ResponseData;
    try {
      res = await request(this.options.endpoint, {
        method: 'POST',
        body,
        headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: SOAP_ACTION },
        headersTimeout,
        bodyTimeout: 120_000,
        ...(this.options.dispatcher ? { dispatcher: this.options.dispatcher } : {}),
        ...(this.options.signal ? { signal: this.options.signal } : {}),
      });
    } catch (err) {
      throw new IsiUnavailableError(ctx, (err as Error).message);
    }
    const type = String(res.headers['content-type'] ?? '');
    if (res.statusCode === 401 || res.statusCode === 403) {
      await res.body.dump();
      throw this.refusedLogin(`HTTP ${res.statusCode}`);
    }
    // SOAP 1.1 sends faults with HTTP 500; any other non-200, or a body that is not XML, is the server or a proxy failing.
    if ((res.statusCode !== 200 && res.statusCode !== 500) || !/xml/i.test(type)) {
      await res.body.dump();
      throw new IsiUnavailableError(ctx, `HTTP ${res.statusCode} ${type || 'without content type'}`);
    }
    let answer: SoapAnswer;
    try {
      answer = await readSoapAnswer(res.body, (i) => path.join(dir, `message-${i}.bin`));
    } catch (err) {
      if (err instanceof SoapAnswerUnreadableError) throw new IsiUnavailableError(ctx, `unreadable answer (HTTP ${res.statusCode}): ${err.message}`);
      throw new IsiUnavailableError(ctx, `answer cut off: ${(err as Error).message}`);
    }
    if (answer.fault) throw this.faultError(operation, answer.fault.code, answer.fault.text, triggerId);
    if (res.statusCode !== 200) throw new IsiUnavailableError(ctx, `HTTP ${res.statusCode} without a SOAP fault`);
    return answer;
  }

  private refusedLogin(fault: string): IsiPartnerLoginRefusedError {
    return new IsiPartnerLoginRefusedError({ customerId: this.options.customerId, integrationPartnerId: this.options.login.systemId, passwordEnv: this.options.passwordEnv }, fault);
  }

  private faultError(operation: string, code: string, text: string, triggerId: string | undefined): Error {
    switch (classifyFault(text)) {
      case IsiFaultKind.LoginRefused:
        return this.refusedLogin(text);
      case IsiFaultKind.NotOpened:
        return new IsiCustomerNotOpenedError({ customerId: this.options.customerId, extensId: this.options.extensId, integrationPartnerId: this.options.login.systemId, serviceClass: this.options.serviceClass, messageClass: this.options.messageClass }, text);
      case IsiFaultKind.UnknownTrigger:
        if (triggerId) return new IsiTriggerUnknownError({ customerId: this.options.customerId, triggerId }, text);
        return new IsiFaultError(this.context(operation), code, text);
      default:
        return new IsiFaultError(this.context(operation), code, text);
    }
  }
}

/** One keep-alive pool per ISI endpoint user; closed with the worker. */
export function isiAgent(): Agent {
  return new Agent({ connections: 2, keepAliveTimeout: 30_000, connect: { timeout: 10_000 } });
}
