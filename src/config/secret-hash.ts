import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// Partner secrets (OAuth2 client secrets, API keys) are stored only as scrypt hashes:
//   scrypt$<N>$<r>$<p>$<salt base64url>$<hash base64url>
// so a leaked partner file gives no credential. N = 2^14 costs ~30 ms per check; the API caches
// successful checks briefly (src/api/auth/authenticate.ts) so a key sent on every request is not re-hashed.

const PREFIX = 'scrypt';
const DEFAULTS = { N: 16384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function scryptAsync(secret: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, KEY_LENGTH, { ...options, maxmem: 64 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** The stored form of a secret: what `ist-export partners hash-secret` prints for the partner file. */
export async function hashSecret(secret: string, options: { N?: number; r?: number; p?: number } = {}): Promise<string> {
  const { N, r, p } = { ...DEFAULTS, ...options };
  const salt = randomBytes(16);
  const hash = await scryptAsync(secret, salt, { N, r, p });
  return [PREFIX, N, r, p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** True when the stored form has the shape hashSecret writes (checked when the partner file is loaded). */
export function isSecretHash(stored: string): boolean {
  return /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]{16,}\$[A-Za-z0-9_-]{32,}$/.test(stored);
}

/** Compare a presented secret with its stored hash in constant time. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  if (!isSecretHash(stored)) return false;
  const [, n, r, p, salt, hash] = stored.split('$') as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scryptAsync(secret, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A fresh random secret for a partner: 32 bytes, base64url. */
export function generateSecret(): string {
  return randomBytes(32).toString('base64url');
}
