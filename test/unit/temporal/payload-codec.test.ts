import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Payload } from '@temporalio/common';
import { AesGcmPayloadCodec, codecKeysFromEnv, newCodecKey, parseCodecKeys, PayloadCodecKeysInvalidError, PayloadCodecKeyUnknownError, PayloadDecryptionFailedError } from '../../../src/temporal/payload-codec.ts';

const plain = (json: unknown): Payload => ({ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify(json)) });
const text = (p: Payload) => Buffer.from(p.data!).toString();

describe('AES-256-GCM payload codec', () => {
  it('when a payload is encoded and decoded, then it round-trips, carries the key id, and the ciphertext differs each time', async () => {
    const codec = new AesGcmPayloadCodec(parseCodecKeys(`${newCodecKey('new')},${newCodecKey('old')}`));
    const [a] = await codec.encode([plain({ customerId: 'kommun-a' })]);
    const [b] = await codec.encode([plain({ customerId: 'kommun-a' })]);
    assert.equal(Buffer.from(a!.metadata!['encryption-key-id']!).toString(), 'new');
    assert.ok(!text(a!).includes('kommun-a'));
    assert.notDeepEqual(a!.data, b!.data);
    const [back] = await codec.decode([a!]);
    assert.deepEqual([Buffer.from(back!.metadata!.encoding!).toString(), text(back!)], ['json/plain', '{"customerId":"kommun-a"}']);
  });

  it('when a payload is plain (recorded before keys were set), then decode passes it through', async () => {
    const codec = new AesGcmPayloadCodec(parseCodecKeys(newCodecKey('k')));
    assert.equal(text((await codec.decode([plain({ x: 1 })]))[0]!), '{"x":1}');
  });

  it('when the key id is unknown, the key material differs, or the ciphertext or its key id was altered, then a named error', async () => {
    const [enc] = await new AesGcmPayloadCodec(parseCodecKeys(newCodecKey('k1'))).encode([plain({ x: 1 })]);
    await assert.rejects(new AesGcmPayloadCodec(parseCodecKeys(newCodecKey('k2'))).decode([enc!]), PayloadCodecKeyUnknownError);
    await assert.rejects(new AesGcmPayloadCodec(parseCodecKeys(newCodecKey('k1'))).decode([enc!]), PayloadDecryptionFailedError);
    const right = new AesGcmPayloadCodec(parseCodecKeys(newCodecKey('k1')));
    const [own] = await right.encode([plain({ x: 1 })]);
    const flipped = Buffer.from(own!.data!);
    flipped[20] = flipped[20]! ^ 1;
    await assert.rejects(right.decode([{ ...own!, data: flipped }]), PayloadDecryptionFailedError);
  });

  it('when PAYLOAD_CODEC_KEYS is malformed, then a named error names the entry and never the key', () => {
    const key = Buffer.alloc(16, 7).toString('base64');
    assert.throws(() => parseCodecKeys(`k1:${key}`), (e: unknown) => e instanceof PayloadCodecKeysInvalidError && /entry 1/.test(e.message) && !e.message.includes(key));
    assert.throws(() => parseCodecKeys('no-colon'), PayloadCodecKeysInvalidError);
    const good = newCodecKey('dup');
    assert.throws(() => parseCodecKeys(`${good},${good}`), /appears twice/);
    assert.throws(() => parseCodecKeys(' , '), /no key given/);
    assert.equal(codecKeysFromEnv({}), undefined);
    assert.deepEqual(codecKeysFromEnv({ PAYLOAD_CODEC_KEYS: `${newCodecKey('a')},${newCodecKey('b')}` })?.map((k) => k.id), ['a', 'b']);
  });
});
