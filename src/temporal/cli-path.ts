import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Thrown when neither .tools/bin nor PATH has the Temporal CLI. */
export class TemporalCliMissingError extends Error {
  override readonly name = 'TemporalCliMissingError';
  constructor(readonly binary: string) {
    super(`${binary} not found in .tools/bin or on PATH; run scripts/ensure-tools.sh (npm start and npm test do this for you)`);
  }
}

/** The project-provisioned binary (scripts/ensure-tools.sh) first, then PATH. */
export function findTemporalBinary(name: 'temporal' | 'temporal-test-server' = 'temporal'): string {
  const candidates = [path.join(PROJECT_ROOT, '.tools/bin', name), ...(process.env.PATH ?? '').split(path.delimiter).map((dir) => path.join(dir, name))];
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // next
    }
  }
  throw new TemporalCliMissingError(name);
}
