// IST's ISI partner endpoint, simulated: SOAP 1.1 document/literal per ISIPartnerEndpoint.wsdl (isiPartnerPush,
// isiPartnerPull), triggers that become ready after a configurable delay, pulls held open up to their timeout,
// the file as base64 gzip IMS Enterprise, and the faults the route must survive. Shares no code with src/isi.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { SaxesParser } from 'saxes';
import { create } from 'xmlbuilder2';
import type { Tenant } from '../tenant-plan.ts';
import { buildImsFile } from './ims-file.ts';

export const ISI_PATH = '/isi/ws/ISIPartnerEndpoint';
const SOAP_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
const TYPES_NS = 'http://isi.ist.biz/types';

/** Faults, replaceable between runs (simulator.isi.setFaults). */
export interface IsiFaultPlan {
  /** Every trigger becomes ready only after this many ms (overrides delayMs). */
  slowMessageMs?: number;
  /** ISI forgets triggers: pulls answer a fault "Trigger … not found" (`fault`) or never a file (`silent`). */
  lostTrigger?: 'fault' | 'silent';
  /** The file is cut in half after compression (a truncated gzip). */
  truncatedGzip?: boolean;
  /** The document inside the gzip is not well-formed XML. */
  malformedXml?: boolean;
}

export interface IsiSimOptions {
  /** Our partner id (systemId) and password ISI accepts. */
  partnerId: string;
  password: string;
  /** ms from push until the trigger's file is ready. Default 0. */
  delayMs?: number;
  /** Extens ids opened to the partner; default every tenant. */
  openedTo?: string[];
}

interface Trigger { id: string; customerId: string; readyAt: number; serviceClass: string; messageClass: string }

export interface IsiLogEntry { at: number; operation: string; triggerId?: string; outcome: string }

interface ParsedRequest {
  operation: string;
  systemId?: string;
  password?: string;
  triggers: { serviceClass?: string; messageClass?: string; dest?: string }[];
  responseTo: { triggerId?: string }[];
  timeout?: number;
}

function parseRequest(text: string): ParsedRequest {
  const parser = new SaxesParser({ xmlns: true });
  const req: ParsedRequest = { operation: '', triggers: [], responseTo: [] };
  const stack: string[] = [];
  let buf = '';
  parser.on('error', (e) => {
    throw e;
  });
  parser.on('opentag', (tag) => {
    const parent = stack[stack.length - 1];
    stack.push(tag.local);
    buf = '';
    const a = (n: string) => tag.attributes[n]?.value;
    if (parent === 'Body') req.operation = tag.local;
    if (tag.local === 'system' && (parent === 'isiPartnerPush' || parent === 'isiPartnerPull')) {
      req.systemId = a('systemId');
      req.password = a('password');
    }
    if (tag.local === 'trigger' && parent === 'isiPartnerPush') req.triggers.push({ serviceClass: a('serviceClass'), messageClass: a('messageClass') });
    if (tag.local === 'dest' && parent === 'trigger') {
      const t = req.triggers[req.triggers.length - 1];
      if (t) t.dest = a('systemId');
    }
    if (tag.local === 'responseToTrigger' && parent === 'isiPartnerPull') req.responseTo.push({ triggerId: a('triggerId') });
  });
  parser.on('text', (t) => {
    buf += t;
  });
  parser.on('closetag', (tag) => {
    stack.pop();
    if (tag.local === 'timeout' && stack[stack.length - 1] === 'isiPartnerPull') req.timeout = Number(buf.trim());
  });
  parser.write(text).close();
  return req;
}

function envelope() {
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const body = doc.ele(SOAP_NS, 'S:Envelope').ele(SOAP_NS, 'S:Body');
  return { doc, body };
}

function faultXml(text: string): string {
  const { doc, body } = envelope();
  body.ele(SOAP_NS, 'S:Fault').ele('faultcode').txt('S:Server').up().ele('faultstring').txt(text);
  return doc.end();
}

export class IsiEndpoint {
  private readonly triggers = new Map<string, Trigger>();
  private readonly files = new Map<string, Buffer>();
  private faults: IsiFaultPlan = {};
  private next = 1;
  readonly log: IsiLogEntry[] = [];

  constructor(
    private readonly options: IsiSimOptions,
    private readonly tenants: ReadonlyMap<string, Tenant>,
  ) {}

  setFaults(plan: IsiFaultPlan): void {
    this.faults = plan;
  }

  get triggerCount(): number {
    return this.triggers.size;
  }

  /** The gzip file a tenant's trigger answers with (also for benchmarks and tests). */
  async file(customerId: string): Promise<Buffer> {
    const key = `${customerId}|${this.faults.malformedXml ? 'bad' : 'ok'}`;
    let f = this.files.get(key);
    if (!f) {
      const t = this.tenants.get(customerId);
      if (!t) throw new Error(`unknown tenant ${customerId}`);
      f = await buildImsFile(t, { malformedXml: this.faults.malformedXml === true });
      this.files.set(key, f);
    }
    return this.faults.truncatedGzip ? f.subarray(0, Math.floor(f.length / 2)) : f;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const send = (status: number, xml: string) => {
      res.writeHead(status, { 'content-type': 'text/xml; charset=utf-8' });
      res.end(xml);
    };
    if (req.method !== 'POST') return send(405, faultXml('use POST'));
    let parsed: ParsedRequest;
    try {
      parsed = parseRequest(Buffer.concat(chunks).toString('utf8'));
    } catch (err) {
      return send(500, faultXml(`Unmarshalling Error: ${(err as Error).message.split('\n')[0]}`));
    }
    const log = (outcome: string, triggerId?: string) => this.log.push({ at: Date.now(), operation: parsed.operation, outcome, ...(triggerId ? { triggerId } : {}) });
    if (parsed.systemId !== this.options.partnerId || parsed.password !== this.options.password) {
      log('login refused');
      return send(500, faultXml(`Login failed for system ${parsed.systemId ?? '(none)'}: wrong password or unknown partner`));
    }
    if (parsed.operation === 'isiPartnerPush') return send(...this.push(parsed, log));
    if (parsed.operation === 'isiPartnerPull') return this.pull(parsed, res, log);
    return send(500, faultXml(`Cannot find dispatch method for ${parsed.operation}`));
  }

  private push(parsed: ParsedRequest, log: (o: string, id?: string) => void): [number, string] {
    const { doc, body } = envelope();
    const answer = body.ele(TYPES_NS, 'ns2:isiPartnerPushResponse');
    for (const t of parsed.triggers) {
      const dest = t.dest ?? '';
      const opened = this.options.openedTo ?? [...this.tenants.keys()];
      if (!this.tenants.has(dest) || !opened.includes(dest)) {
        log('not opened');
        return [500, faultXml(`System ${dest} has not opened ${t.serviceClass ?? ''}/${t.messageClass ?? ''} for partner ${this.options.partnerId}`)];
      }
      const id = `T${String(this.next++).padStart(8, '0')}`;
      const readyAt = Date.now() + (this.faults.slowMessageMs ?? this.options.delayMs ?? 0);
      this.triggers.set(id, { id, customerId: dest, readyAt, serviceClass: t.serviceClass ?? '', messageClass: t.messageClass ?? '' });
      log('registered', id);
      const r = answer.ele(TYPES_NS, 'ns2:triggerRegistered').att('serviceClass', t.serviceClass ?? '').att('messageClass', t.messageClass ?? '').att('triggerId', id);
      r.ele(TYPES_NS, 'ns2:source').att('systemId', this.options.partnerId);
      r.ele(TYPES_NS, 'ns2:dest').att('systemId', dest);
    }
    return [200, doc.end()];
  }

  private async pull(parsed: ParsedRequest, res: ServerResponse, log: (o: string, id?: string) => void): Promise<void> {
    const send = (status: number, xml: string) => {
      res.writeHead(status, { 'content-type': 'text/xml; charset=utf-8' });
      res.end(xml);
    };
    const triggerId = parsed.responseTo[0]?.triggerId ?? '';
    const trigger = this.triggers.get(triggerId);
    if (!trigger || this.faults.lostTrigger === 'fault') {
      log('unknown trigger', triggerId);
      return send(500, faultXml(`Trigger ${triggerId} not found`));
    }
    // Long poll: hold the pull until the file is ready or the client's timeout passes.
    const wait = Math.min(Math.max(0, trigger.readyAt - Date.now()), parsed.timeout ?? 18_000);
    if (wait > 0) await sleep(wait);
    const { doc, body } = envelope();
    const answer = body.ele(TYPES_NS, 'ns2:isiPartnerPullResponse');
    if (Date.now() < trigger.readyAt || this.faults.lostTrigger === 'silent') {
      log('not ready', triggerId);
      return send(200, doc.end());
    }
    const file = await this.file(trigger.customerId);
    const MARK = '@@CONTENT@@';
    const m = answer.ele(TYPES_NS, 'ns2:message').att('serviceClass', trigger.serviceClass).att('messageClass', trigger.messageClass).att('messageId', `M${trigger.id}`).att('contentEncoding', 'gzip');
    m.ele(TYPES_NS, 'ns2:source').att('systemId', trigger.customerId);
    m.ele(TYPES_NS, 'ns2:dest').att('systemId', this.options.partnerId);
    m.ele(TYPES_NS, 'ns2:content').txt(MARK);
    const rt = m.ele(TYPES_NS, 'ns2:responseToTrigger').att('serviceClass', trigger.serviceClass).att('messageClass', trigger.messageClass).att('triggerId', trigger.id);
    rt.ele(TYPES_NS, 'ns2:source').att('systemId', this.options.partnerId);
    rt.ele(TYPES_NS, 'ns2:dest').att('systemId', trigger.customerId);
    const [head, tail] = doc.end().split(MARK) as [string, string];
    log('message', triggerId);
    res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
    res.write(head);
    // base64 in pieces of whole 3-byte groups, with backpressure: a large file is never one string.
    const step = 3 * (1 << 16);
    for (let i = 0; i < file.length; i += step) {
      if (!res.write(file.subarray(i, i + step).toString('base64'))) await new Promise((r) => res.once('drain', r));
    }
    res.end(tail);
  }
}
