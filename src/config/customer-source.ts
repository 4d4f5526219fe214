import { statSync } from 'node:fs';
import { loadCustomerFile, type CustomerFile } from './customers.ts';
import { CustomerConfigInvalidError } from './errors.ts';

/** The customer file as it is now. Activities ask it each time they resolve a customer. */
export interface CustomerSource {
  current(): CustomerFile;
}

/** A fixed configuration (tests, the demo): never changes. */
export function fixedCustomers(file: CustomerFile): CustomerSource {
  return { current: () => file };
}

/** A source as is, or a fixed one around a parsed file. */
export function asCustomerSource(config: CustomerFile | CustomerSource): CustomerSource {
  return 'current' in config ? config : fixedCustomers(config);
}

/**
 * The customer file of a running worker, re-read when it changed on disk: a customer added to the file
 * runs on every worker without a restart, a removed one is refused (CustomerNotConfiguredError). The check
 * is one `stat` per call (mtime, size, inode: an editor's rename-over counts), so every activity can ask.
 * A file that no longer validates fails the runs that ask with CustomerConfigInvalidError naming the field,
 * until it is fixed; `onChange` hears of each new version (the worker checks it can serve it).
 */
export class CustomerFileSource implements CustomerSource {
  private loaded: { stamp: string; file: CustomerFile } | undefined;
  private failed: { stamp: string; error: CustomerConfigInvalidError } | undefined;

  constructor(
    readonly path: string,
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly onChange: (file: CustomerFile) => void = () => {},
  ) {}

  current(): CustomerFile {
    const stamp = this.stamp();
    if (this.loaded?.stamp === stamp) return this.loaded.file;
    if (this.failed?.stamp === stamp) throw this.failed.error;
    try {
      const file = loadCustomerFile(this.path, this.env);
      this.loaded = { stamp, file };
      this.failed = undefined;
      this.onChange(file);
      return file;
    } catch (err) {
      if (err instanceof CustomerConfigInvalidError) this.failed = { stamp, error: err };
      throw err;
    }
  }

  private stamp(): string {
    try {
      const s = statSync(this.path, { bigint: true });
      return `${s.mtimeNs}:${s.size}:${s.ino}`;
    } catch {
      return 'unreadable'; // loadCustomerFile names the problem
    }
  }
}
