import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { createLogger, REDACTED, RedactingTemporalLogger } from '../../../src/log/logger.ts';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, stream };
}

describe('log redaction (pino redact, the second net)', () => {
  it('when a personal field or a secret reaches a log call at any depth up to four, then the line holds [redacted] instead', () => {
    const { lines, stream } = capture();
    const log = createLogger('info', stream);
    log.info({ customerId: 'kommun-a', person: { givenName: 'Ada', familyName: 'Lovelace', email: 'ada@skola.se', civicNo: '201001012386' }, a: { b: { c: { displayName: 'Ada L' } } }, clientSecret: 's3cret' }, 'oops');
    const text = lines.join('');
    for (const leaked of ['Ada', 'Lovelace', 'ada@skola.se', '201001012386', 's3cret']) assert.ok(!text.includes(leaked), `${leaked} was logged`);
    assert.ok(text.includes('kommun-a'), 'ids stay');
    assert.equal((JSON.parse(text) as { person: { email: string } }).person.email, REDACTED);
  });

  it("when Temporal's runtime logs meta with a personal field, then it is redacted too", () => {
    const { lines, stream } = capture();
    new RedactingTemporalLogger(createLogger('info', stream)).warn('activity log', { workflowId: 'ist-export/kommun-a/x', records: [{ givenName: 'Ada' }] });
    const line = JSON.parse(lines.join('')) as { msg: string; workflowId: string; records: string; level: number };
    assert.deepEqual([line.msg, line.workflowId, line.records], ['activity log', 'ist-export/kommun-a/x', REDACTED]);
  });
});
