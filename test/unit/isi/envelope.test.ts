// The SOAP requests we send, checked against IST's WSDL and the types schema beside it (../shared/ist-isi/):
// every element declared, in the schema's sequence order, in the types namespace; required elements and attributes
// present; no undeclared attribute; xs:int values numeric.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { SaxesParser } from 'saxes';
import { ISI_TYPES_NS, pullRequest, pushRequest, SOAP_ACTION, SOAP_ENV_NS } from '../../../src/isi/envelope.ts';

// A copy of ../shared/ist-isi (see its SOURCE.txt), kept with the client so the check runs wherever the repo is.
const SHARED = path.join(import.meta.dirname, '../../../src/isi/wsdl');

interface XNode { ns: string; local: string; attrs: Record<string, string>; children: XNode[]; text: string }

function parse(xml: string): XNode {
  const parser = new SaxesParser({ xmlns: true });
  const root: XNode = { ns: '', local: '#document', attrs: {}, children: [], text: '' };
  const stack = [root];
  parser.on('opentag', (tag) => {
    const attrs: Record<string, string> = {};
    for (const a of Object.values(tag.attributes)) if (a.prefix !== 'xmlns' && a.local !== 'xmlns') attrs[a.local] = a.value;
    const node: XNode = { ns: tag.uri, local: tag.local, attrs, children: [], text: '' };
    stack[stack.length - 1]!.children.push(node);
    stack.push(node);
  });
  parser.on('text', (t) => {
    stack[stack.length - 1]!.text += t;
  });
  parser.on('closetag', () => void stack.pop());
  parser.write(xml).close();
  return root.children[0]!;
}

const strip = (qname: string) => qname.replace(/^.*:/, '');

interface Particle { name: string; type: string; min: number; max: number }
interface ComplexType { sequence: Particle[]; attributes: { name: string; required: boolean }[] }

function readSchema(): { elements: Map<string, string>; types: Map<string, ComplexType> } {
  const schema = parse(readFileSync(path.join(SHARED, 'ISIPartnerTypes.xsd'), 'utf8'));
  const elements = new Map<string, string>();
  const types = new Map<string, ComplexType>();
  for (const node of schema.children) {
    if (node.local === 'element') elements.set(node.attrs.name!, strip(node.attrs.type!));
    if (node.local === 'complexType') {
      const seq = node.children.find((c) => c.local === 'sequence')?.children ?? [];
      types.set(node.attrs.name!, {
        sequence: seq.map((e) => ({ name: e.attrs.name!, type: e.attrs.type!, min: Number(e.attrs.minOccurs ?? 1), max: e.attrs.maxOccurs === 'unbounded' ? Infinity : Number(e.attrs.maxOccurs ?? 1) })),
        attributes: node.children.filter((c) => c.local === 'attribute').map((a) => ({ name: a.attrs.name!, required: a.attrs.use === 'required' })),
      });
    }
  }
  return { elements, types };
}

/** Problems of `node` against complex type `typeName`, with paths. */
function check(node: XNode, typeName: string, types: Map<string, ComplexType>, at: string, problems: string[]): void {
  const type = types.get(typeName);
  if (!type) return void problems.push(`${at}: unknown type ${typeName}`);
  for (const name of Object.keys(node.attrs)) if (!type.attributes.some((a) => a.name === name)) problems.push(`${at}/@${name}: not declared`);
  for (const a of type.attributes) if (a.required && node.attrs[a.name] === undefined) problems.push(`${at}/@${a.name}: required`);
  let position = 0;
  const seen = new Map<string, number>();
  for (const child of node.children) {
    const where = `${at}/${child.local}`;
    if (child.ns !== ISI_TYPES_NS) problems.push(`${where}: namespace ${child.ns}, expected ${ISI_TYPES_NS}`);
    const index = type.sequence.findIndex((p) => p.name === child.local);
    if (index < 0) {
      problems.push(`${where}: not in ${typeName}'s sequence`);
      continue;
    }
    if (index < position) problems.push(`${where}: out of sequence order`);
    position = index;
    seen.set(child.local, (seen.get(child.local) ?? 0) + 1);
    const particle = type.sequence[index]!;
    if (particle.type.startsWith('xs:')) {
      if (particle.type === 'xs:int' && !/^-?\d+$/.test(child.text)) problems.push(`${where}: not an xs:int`);
    } else {
      check(child, strip(particle.type), types, where, problems);
    }
  }
  for (const p of type.sequence) {
    const n = seen.get(p.name) ?? 0;
    if (n < p.min) problems.push(`${at}/${p.name}: required`);
    if (n > p.max) problems.push(`${at}/${p.name}: at most ${p.max}`);
  }
}

function checkRequest(xml: string, operation: string): string[] {
  const { elements, types } = readSchema();
  const envelope = parse(xml);
  assert.equal(envelope.ns, SOAP_ENV_NS);
  assert.equal(envelope.local, 'Envelope');
  const body = envelope.children.find((c) => c.local === 'Body');
  assert.ok(body, 'a SOAP Body');
  assert.equal(body.children.length, 1, 'document/literal: one part in the body');
  const op = body.children[0]!;
  assert.equal(op.local, operation);
  assert.equal(op.ns, ISI_TYPES_NS);
  const problems: string[] = [];
  check(op, elements.get(operation)!, types, operation, problems);
  return problems;
}

const login = { systemId: 'PARTNER', password: 'p<&"w' };
const trigger = { serviceClass: 'imsService', messageClass: 'IMS2013', sourceSystemId: 'PARTNER', destSystemId: 'EXTENS' };

describe('ISI SOAP requests against the WSDL and its types schema', () => {
  it('when the WSDL is read, then both operations are document/literal with soapAction "" and take the elements we send', () => {
    const wsdl = parse(readFileSync(path.join(SHARED, 'ISIPartnerEndpoint.wsdl'), 'utf8'));
    const binding = wsdl.children.find((c) => c.local === 'binding')!;
    assert.equal(binding.children.find((c) => c.local === 'binding')?.attrs.style, 'document');
    const ops = binding.children.filter((c) => c.local === 'operation');
    assert.deepEqual(ops.map((o) => o.attrs.name).sort(), ['isiPartnerPull', 'isiPartnerPush']);
    for (const op of ops) {
      assert.equal(`"${op.children.find((c) => c.local === 'operation')?.attrs.soapAction}"`, SOAP_ACTION);
      for (const io of op.children.filter((c) => c.local === 'input' || c.local === 'output')) assert.equal(io.children[0]?.attrs.use, 'literal');
    }
    const parts = wsdl.children.filter((c) => c.local === 'message').map((m) => strip(m.children[0]!.attrs.element!));
    const { elements } = readSchema();
    for (const part of parts) assert.ok(elements.has(part), `the types schema declares ${part}`);
  });

  it('when a push is built (with params and a password needing escapes), then it follows isiPartnerPush exactly', () => {
    const xml = pushRequest(login, trigger, { schoolyear: '2025', extra: 'a&b' });
    assert.deepEqual(checkRequest(xml, 'isiPartnerPush'), []);
    assert.equal(parse(xml).children[0]!.children[0]!.children.find((c) => c.local === 'system')?.attrs.password, login.password);
  });

  it('when a pull is built, then it follows isiPartnerPull exactly', () => {
    assert.deepEqual(checkRequest(pullRequest(login, { ...trigger, triggerId: 'T1' }, { fetchSize: 1, timeoutMs: 18000 }), 'isiPartnerPull'), []);
  });

  it('when an element is out of the schema order, then the check reports it (the check itself can fail)', () => {
    const xml = pushRequest(login, trigger, {}).replace(/<isi:version>2<\/isi:version>(<isi:system[^>]*\/>)/, '$1<isi:version>2</isi:version>');
    assert.ok(checkRequest(xml, 'isiPartnerPush').some((p) => p.includes('out of sequence order')));
  });
});
