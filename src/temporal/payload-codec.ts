import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';
import { readSecret } from '../config/secrets.ts';

// Every payload Temporal stores for us (inputs, results, heartbeats, queries, updates, memo, failure messages)
// is AES-256-GCM ciphertext. Runs outside the workflow sandbox (client, worker main thread, codec server), so
// node:crypto is fine here. Format (as Temporal's encryption sample): the whole original Payload, protobuf-encoded,
// encrypted; the key id in plaintext metadata so a rotated key set still finds the old key.

/** `metadata.encoding` of an encrypted payload. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** `metadata[...]` naming the key that encrypted the payload (never the key itself). */
export const KEY_ID_METADATA = 'encryption-key-id';
/** The environment variable (or `_FILE`) holding the keys: `id:base64,id:base64`, the first encrypts. */
export const CODEC_KEYS_VARIABLE = 'PAYLOAD_CODEC_KEYS';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const PayloadProto = proto.temporal.api.common.v1.Payload;
const text = (s: string) => new TextEncoder().encode(s);
const untext = (b: Uint8Array | null | undefined) => (b ? new TextDecoder().decode(b) : undefined);

/** Thrown when PAYLOAD_CODEC_KEYS is not a list of `id:base64-of-32-bytes`; names the entry, never the key. */
export class PayloadCodecKeysInvalidError extends Error {
  override readonly name = 'PayloadCodecKeysInvalidError';
  constructor(readonly entry: number, readonly problem: string) {
    super(`${CODEC_KEYS_VARIABLE} entry ${entry}: ${problem} (expected id:base64 of 32 random bytes, comma-separated, the first encrypts)`);
  }
}

/** Thrown when a payload was encrypted under a key id the configured key set does not hold (rotated out, or another key set). */
export class PayloadCodecKeyUnknownError extends Error {
  override readonly name = 'PayloadCodecKeyUnknownError';
  constructor(readonly keyId: string, readonly known: string[]) {
    super(`payload is encrypted with key "${keyId}", which ${CODEC_KEYS_VARIABLE} does not hold (it holds: ${known.join(', ') || 'no keys'}); add the old key after the current one`);
  }
}

/** Thrown when a payload does not decrypt under the key of its id: a different key was configured under the same id, or the payload was altered. */
export class PayloadDecryptionFailedError extends Error {
  override readonly name = 'PayloadDecryptionFailedError';
  constructor(readonly keyId: string) {
    super(`payload encrypted with key "${keyId}" does not decrypt with the configured key of that id (wrong key material, or the payload was altered)`);
  }
}

export interface CodecKey {
  id: string;
  key: Buffer;
}

/** Parse `id:base64,id:base64`; ids are letters, digits, `.`, `_`, `-`. Duplicate ids are refused. */
export function parseCodecKeys(raw: string): CodecKey[] {
  const keys: CodecKey[] = [];
  const entries = raw.split(',').map((e) => e.trim()).filter((e) => e !== '');
  entries.forEach((entry, index) => {
    const colon = entry.indexOf(':');
    if (colon <= 0) throw new PayloadCodecKeysInvalidError(index + 1, 'missing "id:" before the key');
    const id = entry.slice(0, colon);
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(id)) throw new PayloadCodecKeysInvalidError(index + 1, 'the key id may hold only letters, digits, ".", "_" and "-"');
    const encoded = entry.slice(colon + 1);
    const key = Buffer.from(encoded, 'base64');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || key.length !== 32) throw new PayloadCodecKeysInvalidError(index + 1, `key "${id}" is not base64 of exactly 32 bytes`);
    if (keys.some((k) => k.id === id)) throw new PayloadCodecKeysInvalidError(index + 1, `key id "${id}" appears twice`);
    keys.push({ id, key });
  });
  if (keys.length === 0) throw new PayloadCodecKeysInvalidError(1, 'no key given');
  return keys;
}

/** The key set from the environment; undefined when none is configured (payloads stay plain JSON). */
export function codecKeysFromEnv(env: NodeJS.ProcessEnv = process.env): CodecKey[] | undefined {
  const raw = readSecret(CODEC_KEYS_VARIABLE, env);
  return raw === undefined ? undefined : parseCodecKeys(raw);
}

/** A fresh key entry for PAYLOAD_CODEC_KEYS (used by docs and tests): `id:base64`. */
export function newCodecKey(id: string): string {
  return `${id}:${randomBytes(32).toString('base64')}`;
}

/**
 * AES-256-GCM payload codec with a key set: the first key encrypts, every key decrypts (rotation: put the new
 * key first and keep the old ones until no run that needs them is kept). Payloads that are not ours (plain
 * JSON of runs recorded before encryption was switched on) pass through decode unchanged.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly byId: Map<string, Buffer>;
  private readonly current: CodecKey;

  constructor(keys: CodecKey[]) {
    if (keys.length === 0) throw new PayloadCodecKeysInvalidError(1, 'no key given');
    this.current = keys[0]!;
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  get encryptingKeyId(): string {
    return this.current.id;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const plain = PayloadProto.encode(payload).finish();
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
      // The key id is authenticated: a payload cannot be relabelled to another key.
      cipher.setAAD(Buffer.from(this.current.id));
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return {
        metadata: { encoding: text(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: text(this.current.id) },
        data: Buffer.concat([iv, body, cipher.getAuthTag()]),
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (untext(payload.metadata?.encoding) !== ENCRYPTED_ENCODING) return payload;
      const keyId = untext(payload.metadata?.[KEY_ID_METADATA]) ?? '';
      const key = this.byId.get(keyId);
      if (!key) throw new PayloadCodecKeyUnknownError(keyId, [...this.byId.keys()]);
      const data = Buffer.from(payload.data ?? new Uint8Array());
      if (data.length < IV_BYTES + TAG_BYTES) throw new PayloadDecryptionFailedError(keyId);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
        decipher.setAAD(Buffer.from(keyId));
        decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
        const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
        const decoded = PayloadProto.decode(plain);
        return { metadata: decoded.metadata, data: decoded.data };
      } catch {
        throw new PayloadDecryptionFailedError(keyId);
      }
    });
  }
}
