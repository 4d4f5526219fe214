// A minimal streaming XML writer for the simulator's large IMS files: xmlbuilder2's callback builder spends ~0.4 ms
// per element, too slow for an XL tenant's millions. Same calls (ele/txt/up) as xmlbuilder2, names and attribute
// values escaped, output handed to `data` as it is written. The client's requests still use xmlbuilder2.

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string) => escapeText(s).replace(/"/g, '&quot;');
const NAME = /^[A-Za-z_][\w.-]*$/;

export class XmlWriter {
  private readonly open: string[] = [];
  /** The start tag written last is still open for attributes? (`<a` without `>`). */
  private pendingStart = false;

  constructor(private readonly data: (s: string) => void) {}

  dec(): this {
    this.data('<?xml version="1.0" encoding="UTF-8"?>');
    return this;
  }

  ele(name: string, attrs: Record<string, string> = {}): this {
    if (!NAME.test(name)) throw new Error(`bad element name ${name}`);
    this.closeStart();
    let tag = `<${name}`;
    for (const [k, v] of Object.entries(attrs)) tag += ` ${k}="${escapeAttr(v)}"`;
    this.data(tag);
    this.pendingStart = true;
    this.open.push(name);
    return this;
  }

  txt(text: string): this {
    this.closeStart();
    this.data(escapeText(text));
    return this;
  }

  up(): this {
    const name = this.open.pop();
    if (name === undefined) throw new Error('up() without an open element');
    if (this.pendingStart) {
      this.data('/>');
      this.pendingStart = false;
    } else {
      this.data(`</${name}>`);
    }
    return this;
  }

  /** Write raw text (only the simulator's deliberate "malformed XML" fault uses it). */
  raw(text: string): this {
    this.closeStart();
    this.data(text);
    return this;
  }

  end(): void {
    while (this.open.length > 0) this.up();
  }

  private closeStart(): void {
    if (this.pendingStart) {
      this.data('>');
      this.pendingStart = false;
    }
  }
}
