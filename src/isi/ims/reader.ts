import { SaxesParser } from 'saxes';
import type { ImsGroup, ImsMember, ImsPerson, ImsReadCounts } from './records.ts';

// Streaming reader of an IMS Enterprise 1.1 document (<enterprise> with <person>, <group>, <membership>): only one
// record's subtree is held at a time; the document is never built. Elements are matched by local name, so a default
// namespace (IMS 2013 files declare one) or none both work. Feed text with write(), then close().

interface Node {
  name: string;
  attrs: Record<string, string>;
  children: Node[];
  text: string;
}

export interface ImsSink {
  person(p: ImsPerson): void;
  group(g: ImsGroup): void;
  member(m: ImsMember): void;
}

/** Thrown when the text is not well-formed XML, or not an IMS Enterprise document. */
export class ImsDocumentError extends Error {
  override readonly name = 'ImsDocumentError';
}

const RECORDS = new Set(['person', 'group', 'membership']);

export class ImsReader {
  private readonly parser = new SaxesParser({ xmlns: true, position: true });
  private depth = 0;
  /** Open nodes of the record being read (empty outside a record). */
  private open: Node[] = [];
  private error: Error | undefined;
  private rootSeen = false;
  /** The enclosing <membership>'s group id, read before its <member>s. */
  private membershipGroup: string | undefined;
  readonly counts: ImsReadCounts = { persons: 0, groups: 0, members: 0, deleted: 0, withoutId: 0 };

  constructor(private readonly sink: ImsSink) {
    this.parser.on('error', (err) => {
      this.error ??= err;
    });
    this.parser.on('opentag', (tag) => {
      this.depth++;
      if (this.depth === 1) {
        this.rootSeen = true;
        if (tag.local !== 'enterprise') this.error ??= new ImsDocumentError(`root element is <${tag.local}>, expected <enterprise>`);
        return;
      }
      const attrs: Record<string, string> = {};
      for (const [key, a] of Object.entries(tag.attributes)) attrs[a.local || key] = a.value;
      const node: Node = { name: tag.local, attrs, children: [], text: '' };
      if (this.open.length > 0) {
        this.open[this.open.length - 1]!.children.push(node);
        this.open.push(node);
      } else if (this.depth === 2 && RECORDS.has(tag.local)) {
        this.open.push(node);
        if (tag.local === 'membership') this.membershipGroup = undefined;
      }
    });
    this.parser.on('text', (t) => {
      const top = this.open[this.open.length - 1];
      if (top) top.text += t;
    });
    this.parser.on('closetag', () => {
      this.depth--;
      const node = this.open.pop();
      if (!node) return;
      const parent = this.open[this.open.length - 1];
      if (parent?.name === 'membership' && this.open.length === 1) {
        // A membership is read member by member: a school unit's membership can list thousands.
        if (node.name === 'sourcedid') this.membershipGroup = idOf(parent);
        if (node.name === 'member') {
          this.emitMember(node);
          parent.children.pop();
        }
      }
      if (this.open.length === 0) this.emitRecord(node);
    });
  }

  /** Feed the next piece of text; throws at the first well-formedness or shape error. */
  write(text: string): void {
    this.parser.write(text);
    this.throwIfFailed();
  }

  /** End of input: an unclosed document is an error. */
  close(): void {
    this.parser.close();
    this.throwIfFailed();
    if (!this.rootSeen) throw new ImsDocumentError('the document is empty');
  }

  private throwIfFailed(): void {
    if (this.error) throw this.error instanceof ImsDocumentError ? this.error : new ImsDocumentError(this.error.message.split('\n')[0] ?? 'malformed XML');
  }

  private emitRecord(node: Node): void {
    if (node.name === 'membership') return; // its members were emitted one by one
    if (node.attrs.recstatus === '3') {
      this.counts.deleted++;
      return;
    }
    const id = idOf(node);
    if (!id) {
      this.counts.withoutId++;
      return;
    }
    if (node.name === 'person') {
      this.counts.persons++;
      this.sink.person(readPerson(node, id));
    } else {
      this.counts.groups++;
      this.sink.group(readGroup(node, id));
    }
  }

  private emitMember(node: Node): void {
    const personId = idOf(node);
    if (!this.membershipGroup || !personId) {
      this.counts.withoutId++;
      return;
    }
    if (node.attrs.recstatus === '3') {
      this.counts.deleted++;
      return;
    }
    const idtype = textOf(node, 'idtype') ?? '1';
    // One row per role: a person can be learner and mentor of the same group.
    for (const role of node.children.filter((c) => c.name === 'role')) {
      if (role.attrs.recstatus === '3') {
        this.counts.deleted++;
        continue;
      }
      this.counts.members++;
      const tf = child(role, 'timeframe');
      this.sink.member(compact({
        groupId: this.membershipGroup, personId, idtype, roletype: role.attrs.roletype ?? '',
        subrole: textOf(role, 'subrole'), status: textOf(role, 'status'), begin: textOf(tf, 'begin'), end: textOf(tf, 'end'),
      }));
    }
  }
}

function child(node: Node | undefined, name: string): Node | undefined {
  return node?.children.find((c) => c.name === name);
}

function textOf(node: Node | undefined, name: string): string | undefined {
  const value = child(node, name)?.text.trim();
  return value ? value : undefined;
}

function idOf(node: Node): string | undefined {
  return textOf(child(node, 'sourcedid'), 'id');
}

/** Drop undefined fields: staged records stay small and compare equal after a JSON round trip. */
function compact<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;
}

function readPerson(node: Node, id: string): ImsPerson {
  const name = child(node, 'name');
  const n = child(name, 'n');
  const middle = n?.children.find((c) => c.name === 'partname' && /middle/i.test(c.attrs.partnametype ?? ''))?.text.trim();
  return compact({
    id,
    given: textOf(n, 'given'),
    family: textOf(n, 'family'),
    middle: middle || undefined,
    fn: textOf(name, 'fn'),
    email: textOf(node, 'email'),
    userids: node.children.filter((c) => c.name === 'userid' && c.text.trim()).map((c) => ({ type: c.attrs.useridtype ?? '', value: c.text.trim() })),
    bday: textOf(child(node, 'demographics'), 'bday'),
    securityMarking: textOf(child(node, 'extension'), 'securityMarking'),
  });
}

function readGroup(node: Node, id: string): ImsGroup {
  const types = node.children
    .filter((c) => c.name === 'grouptype')
    .flatMap((gt) => {
      const scheme = textOf(gt, 'scheme');
      return gt.children.filter((c) => c.name === 'typevalue' && c.text.trim()).map((tv) => compact({ scheme, value: tv.text.trim() }));
    });
  const description = child(node, 'description');
  const tf = child(node, 'timeframe');
  const parents = node.children
    .filter((c) => c.name === 'relationship' && (c.attrs.relation ?? '1') === '1')
    .map((r) => idOf(r))
    .filter((x): x is string => x !== undefined);
  return compact({ id, types, short: textOf(description, 'short'), long: textOf(description, 'long'), full: textOf(description, 'full'), begin: textOf(tf, 'begin'), end: textOf(tf, 'end'), parents });
}
