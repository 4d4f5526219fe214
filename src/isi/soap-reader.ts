import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { ContentSplitter } from './content-splitter.ts';

// Reads a SOAP answer of the ISI endpoint as a stream: faults, registered triggers, messages (their file content
// spooled to a file, never held in memory) and trigger status. Elements are matched by local name, so a server that
// prefixes differently (or answers SOAP 1.2) is still understood.

export interface SoapFault {
  code: string;
  text: string;
}

export interface PulledMessage {
  messageId: string | undefined;
  serviceClass: string | undefined;
  messageClass: string | undefined;
  contentEncoding: string | undefined;
  status: string | undefined;
  /** responseToTrigger/@triggerId: the trigger this message answers, when ISI says so. */
  triggerId: string | undefined;
  /** Where the decoded content was spooled; undefined when the message had no content. */
  contentFile: string | undefined;
  contentBytes: number;
}

export interface SoapAnswer {
  fault: SoapFault | undefined;
  /** The operation's answer element, e.g. isiPartnerPushResponse; undefined for a fault or an empty body. */
  answer: string | undefined;
  triggersRegistered: { triggerId: string | undefined; serviceClass: string | undefined; messageClass: string | undefined }[];
  messages: PulledMessage[];
  statusTriggers: { triggerId: string | undefined; status: string | undefined }[];
}

/** Thrown when the answer is not well-formed XML or ends early; the caller names the operation. */
export class SoapAnswerUnreadableError extends Error {
  override readonly name = 'SoapAnswerUnreadableError';
}

const attr = (tag: SaxesTagNS, name: string): string | undefined => tag.attributes[name]?.value;

/** Read one answer. `spoolPath(i)` names the file message i's content goes to. */
export async function readSoapAnswer(body: AsyncIterable<Uint8Array>, spoolPath: (index: number) => string): Promise<SoapAnswer> {
  const out: SoapAnswer = { fault: undefined, answer: undefined, triggersRegistered: [], messages: [], statusTriggers: [] };
  const parser = new SaxesParser({ xmlns: true, position: false });
  const stack: string[] = [];
  let text = '';
  let parseError: Error | undefined;
  let message: PulledMessage | undefined;
  let spool: WriteStream | undefined;

  parser.on('error', (err) => {
    parseError ??= err;
  });
  parser.on('opentag', (tag) => {
    const name = tag.local;
    const parent = stack[stack.length - 1];
    stack.push(name);
    text = '';
    if (name === 'Fault') out.fault = { code: '', text: '' };
    else if (parent === 'Body' && !out.fault) out.answer = name;
    else if (name === 'triggerRegistered' && parent === 'isiPartnerPushResponse') {
      out.triggersRegistered.push({ triggerId: attr(tag, 'triggerId'), serviceClass: attr(tag, 'serviceClass'), messageClass: attr(tag, 'messageClass') });
    } else if (name === 'message' && parent === 'isiPartnerPullResponse') {
      message = {
        messageId: attr(tag, 'messageId'), serviceClass: attr(tag, 'serviceClass'), messageClass: attr(tag, 'messageClass'),
        contentEncoding: attr(tag, 'contentEncoding'), status: attr(tag, 'status'), triggerId: undefined, contentFile: undefined, contentBytes: 0,
      };
      out.messages.push(message);
    } else if (name === 'responseToTrigger' && parent === 'message' && message) {
      message.triggerId = attr(tag, 'triggerId');
    } else if (name === 'statusTrigger' && parent === 'isiPartnerPullResponse') {
      out.statusTriggers.push({ triggerId: attr(tag, 'triggerId'), status: attr(tag, 'status') });
    }
  });
  parser.on('text', (t) => {
    text += t;
  });
  parser.on('closetag', (tag) => {
    stack.pop();
    const name = tag.local;
    if (out.fault && (name === 'faultcode' || name === 'Value') && !out.fault.code) out.fault.code = text.trim();
    if (out.fault && (name === 'faultstring' || name === 'Text') && !out.fault.text) out.fault.text = text.trim();
    if (name === 'message') message = undefined;
    text = '';
  });

  const splitter = new ContentSplitter({
    xml: (s) => {
      if (!parseError) parser.write(s);
    },
    content: async (bytes) => {
      if (!message) return; // content outside a pulled message: not ours to keep
      if (!spool) {
        message.contentFile = spoolPath(out.messages.indexOf(message));
        spool = createWriteStream(message.contentFile);
      }
      message.contentBytes += bytes.length;
      if (!spool.write(bytes)) await once(spool, 'drain');
    },
    contentEnd: async () => {
      if (spool) {
        const s = spool;
        spool = undefined;
        await new Promise<void>((resolve, reject) => s.end((err?: Error | null) => (err ? reject(err) : resolve())));
      }
    },
  });

  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of body) {
      await splitter.push(decoder.decode(chunk, { stream: true }));
      if (parseError) break;
    }
    await splitter.push(decoder.decode());
    await splitter.end();
    if (!parseError) parser.close();
  } finally {
    spool?.destroy();
  }
  if (parseError) throw new SoapAnswerUnreadableError(`not well-formed XML: ${parseError.message.split('\n')[0]}`);
  if (!out.fault && out.answer === undefined) throw new SoapAnswerUnreadableError('no SOAP body answer element');
  return out;
}
