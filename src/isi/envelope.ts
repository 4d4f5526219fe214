import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';

// SOAP 1.1 document/literal requests of the WSDL's two operations (src/isi/wsdl/ISIPartnerEndpoint.wsdl, a copy of ../shared/ist-isi),
// built with a real XML builder. Element order follows ISIPartnerTypes.xsd's sequences (test/unit/isi/envelope.test.ts
// checks every element and attribute against the XSD). serviceClass, messageClass, triggerId, systemId and password
// are attributes; every element is qualified in the types namespace (elementFormDefault qualified).

export const SOAP_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const ISI_TYPES_NS = 'http://isi.ist.biz/types';
/** Both operations declare soapAction="" in the WSDL binding. */
export const SOAP_ACTION = '""';
/** The version public clients send. */
export const ISI_PROTOCOL_VERSION = 2;

export interface IsiTriggerSpec {
  serviceClass: string;
  messageClass: string;
  /** Our integration partner id (the trigger's source). */
  sourceSystemId: string;
  /** The customer's Extens id (the trigger's dest). */
  destSystemId: string;
}

export interface IsiLogin {
  systemId: string;
  password: string;
}

function envelope(operation: 'isiPartnerPush' | 'isiPartnerPull'): { doc: XMLBuilder; op: XMLBuilder } {
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const op = doc.ele(SOAP_ENV_NS, 'soapenv:Envelope').ele(SOAP_ENV_NS, 'soapenv:Body').ele(ISI_TYPES_NS, `isi:${operation}`);
  return { doc, op };
}

const child = (parent: XMLBuilder, name: string): XMLBuilder => parent.ele(ISI_TYPES_NS, `isi:${name}`);

function system(parent: XMLBuilder, name: string, systemId: string, password?: string): void {
  const el = child(parent, name).att('systemId', systemId);
  if (password !== undefined) el.att('password', password);
}

/** isiPartnerPush with one trigger: "make the file of this class for this customer". */
export function pushRequest(login: IsiLogin, trigger: IsiTriggerSpec, params: Record<string, string>): string {
  const { doc, op } = envelope('isiPartnerPush');
  child(op, 'version').txt(String(ISI_PROTOCOL_VERSION));
  system(op, 'system', login.systemId, login.password);
  const t = child(op, 'trigger').att('serviceClass', trigger.serviceClass).att('messageClass', trigger.messageClass);
  system(t, 'source', trigger.sourceSystemId);
  system(t, 'dest', trigger.destSystemId);
  for (const [key, value] of Object.entries(params)) {
    const p = child(t, 'param');
    child(p, 'key').txt(key);
    child(p, 'value').txt(value);
  }
  return doc.end();
}

/** isiPartnerPull asking for the answer to one trigger; ISI holds it open up to `timeoutMs`. */
export function pullRequest(login: IsiLogin, trigger: IsiTriggerSpec & { triggerId: string }, options: { fetchSize: number; timeoutMs: number }): string {
  const { doc, op } = envelope('isiPartnerPull');
  child(op, 'version').txt(String(ISI_PROTOCOL_VERSION));
  system(op, 'system', login.systemId, login.password);
  child(op, 'fetchSize').txt(String(options.fetchSize));
  child(op, 'timeout').txt(String(options.timeoutMs));
  for (const name of ['responseToTrigger', 'statusTrigger']) {
    const r = child(op, name).att('serviceClass', trigger.serviceClass).att('messageClass', trigger.messageClass).att('triggerId', trigger.triggerId);
    system(r, 'source', trigger.sourceSystemId);
    system(r, 'dest', trigger.destSystemId);
  }
  return doc.end();
}
