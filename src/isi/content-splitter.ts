// A SOAP answer that carries the file holds it as one base64 text node (isiMessage/content), tens of MB for a large
// municipality. A streaming XML parser still collects a text node whole before it reports it, so the text of
// <content> is cut out of the stream here and decoded as it arrives; the parser sees an empty <content></content>.
// base64 holds no '<', so the first '<' after the start tag ends it.

const CONTENT_START = /<(?:[A-Za-z_][\w.-]*:)?content(?:\s[^>]*)?\/?>/;

export interface SplitTargets {
  /** Markup and ordinary text, in order. */
  xml(text: string): void;
  /** Decoded bytes of the current <content> element. */
  content(bytes: Buffer): Promise<void>;
  /** Called when a <content> element ends (its remaining bytes were delivered). */
  contentEnd(): Promise<void>;
}

export class ContentSplitter {
  private inContent = false;
  private pending = '';
  /** base64 characters not yet forming a whole quantum (4 characters). */
  private quantum = '';
  /** A character reference cut by the chunk boundary (`&#1`), completed by the next chunk. */
  private reference = '';

  constructor(private readonly targets: SplitTargets) {}

  async push(text: string): Promise<void> {
    let s = this.pending + text;
    this.pending = '';
    while (s.length > 0) {
      if (!this.inContent) {
        const m = CONTENT_START.exec(s);
        if (!m) {
          // Hold back a tag that may be cut in two by the chunk boundary.
          const lt = s.lastIndexOf('<');
          const cut = lt >= 0 && s.indexOf('>', lt) < 0 ? lt : s.length;
          this.targets.xml(s.slice(0, cut));
          this.pending = s.slice(cut);
          return;
        }
        const end = m.index + m[0].length;
        this.targets.xml(s.slice(0, end));
        s = s.slice(end);
        if (!m[0].endsWith('/>')) this.inContent = true;
      } else {
        const lt = s.indexOf('<');
        await this.decode(lt < 0 ? s : s.slice(0, lt));
        if (lt < 0) return;
        await this.finishContent();
        s = s.slice(lt);
      }
    }
  }

  /** End of stream: whatever is held back goes to the parser (which reports an incomplete document). */
  async end(): Promise<void> {
    if (this.inContent) await this.finishContent();
    if (this.pending) this.targets.xml(this.pending);
    this.pending = '';
  }

  private async decode(piece: string): Promise<void> {
    let text = this.reference + piece;
    const amp = text.lastIndexOf('&');
    this.reference = amp >= 0 && text.indexOf(';', amp) < 0 ? text.slice(amp) : '';
    if (this.reference) text = text.slice(0, amp);
    // Character references for line breaks (&#13; &#xD;) are layout, like whitespace.
    const clean = (this.quantum + text.replace(/&#x?[0-9a-fA-F]+;/g, '')).replace(/[^A-Za-z0-9+/=]/g, '');
    const whole = clean.length - (clean.length % 4);
    this.quantum = clean.slice(whole);
    if (whole > 0) await this.targets.content(Buffer.from(clean.slice(0, whole), 'base64'));
  }

  private async finishContent(): Promise<void> {
    this.reference = '';
    if (this.quantum) await this.targets.content(Buffer.from(this.quantum, 'base64'));
    this.quantum = '';
    this.inContent = false;
    await this.targets.contentEnd();
  }
}
