import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from 'node:crypto';
import { CivicNoDecryptionFailedError, CivicNoKeyInvalidError, CivicNoKeyMissingError } from './errors.ts';
import { readSecret } from '../config/secrets.ts';

/** The environment variable holding the 32-byte personnummer key (64 hex digits or base64). */
export const CIVICNO_KEY_ENV = 'CIVICNO_KEY';
const TOKEN_PREFIX = 'civicno-enc:v1:';

/**
 * AES-256-GCM for personnummer at rest. The IV is derived from the number (HMAC under a second subkey), so
 * one number always gives one token: content hashes stay stable from run to run (no false diffs), and the
 * token doubles as a keyed match key. The cost is that equal numbers show as equal tokens, which is what a
 * keyed hash for matching would reveal anyway. Both subkeys come from CIVICNO_KEY by HKDF.
 */
export class CivicNoCipher {
  private readonly encKey: Buffer;
  private readonly ivKey: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new CivicNoKeyInvalidError(CIVICNO_KEY_ENV);
    this.encKey = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'ist-export civicno aes-256-gcm', 32));
    this.ivKey = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'ist-export civicno iv', 32));
  }

  encrypt(civicNo: string): string {
    const iv = createHmac('sha256', this.ivKey).update(civicNo).digest().subarray(0, 12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    const body = Buffer.concat([cipher.update(civicNo, 'utf8'), cipher.final()]);
    return TOKEN_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  decrypt(token: string): string {
    if (!isEncryptedCivicNo(token)) throw new CivicNoDecryptionFailedError();
    const raw = Buffer.from(token.slice(TOKEN_PREFIX.length), 'base64url');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.encKey, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      throw new CivicNoDecryptionFailedError();
    }
  }
}

export function isEncryptedCivicNo(value: string): boolean {
  return value.startsWith(TOKEN_PREFIX);
}

/** The cipher from CIVICNO_KEY, or undefined when unset. A set but malformed key is an error. */
export function civicNoCipherFromEnv(env: NodeJS.ProcessEnv = process.env): CivicNoCipher | undefined {
  const raw = readSecret(CIVICNO_KEY_ENV, env)?.trim();
  if (!raw) return undefined;
  const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  return new CivicNoCipher(key);
}

/** The cipher, required: for customers that forward personnummer. */
export function requireCivicNoCipher(env: NodeJS.ProcessEnv = process.env): CivicNoCipher {
  const cipher = civicNoCipherFromEnv(env);
  if (!cipher) throw new CivicNoKeyMissingError(CIVICNO_KEY_ENV);
  return cipher;
}

/**
 * A customer that forwards personnummer needs a valid key on the worker. Checked when a worker starts (for
 * every customer in its file) and when a run starts (a customer added to the file later), so a missing key
 * stops the run at its first step instead of after every list was fetched.
 */
export function checkCivicNoKeyFor(customer: { id: string; forwardCivicNo: boolean }, env: NodeJS.ProcessEnv = process.env): void {
  if (!customer.forwardCivicNo) return;
  try {
    requireCivicNoCipher(env);
  } catch (err) {
    if (err instanceof CivicNoKeyMissingError) throw new CivicNoKeyMissingError(CIVICNO_KEY_ENV, customer.id);
    if (err instanceof CivicNoKeyInvalidError) throw new CivicNoKeyInvalidError(CIVICNO_KEY_ENV, customer.id);
    throw err;
  }
}
