import { readFileSync } from 'node:fs';

/**
 * One secret by its variable name, from the environment or from a file: `NAME` holds the value itself, `NAME_FILE`
 * the path of a file holding it (how container secrets are mounted, e.g. /run/secrets/…). Set both and the file is
 * refused as ambiguous rather than one silently winning. The value is trimmed of a trailing newline, as
 * `echo secret > file` writes one. Never log what this returns.
 */
export class SecretFileError extends Error {
  override name = 'SecretFileError';
}

export function readSecret(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const direct = env[name];
  const file = env[`${name}_FILE`];
  if (file !== undefined && file !== '') {
    if (direct !== undefined && direct !== '') {
      throw new SecretFileError(`both ${name} and ${name}_FILE are set: set only one`);
    }
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new SecretFileError(`${name}_FILE=${file}: cannot read the secret file (${code})`);
    }
    const value = text.replace(/\r?\n$/, '');
    return value === '' ? undefined : value;
  }
  return direct === '' ? undefined : direct;
}
