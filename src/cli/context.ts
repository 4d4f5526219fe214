import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { loadCustomerFile, type CustomerFile } from '../config/customers.ts';
import { readEnvironment, type Environment } from '../config/environment.ts';
import { openStore, type Store } from '../store/index.ts';
import { TASK_QUEUE } from '../../workflows/contract.ts';
import { TemporalUnreachableError } from './errors.ts';

/** Where the demo's dev server listens; the CLI's default when TEMPORAL_ADDRESS is unset. */
export const DEFAULT_TEMPORAL_ADDRESS = '127.0.0.1:7233';

export interface GlobalOptions {
  json: boolean;
  address?: string;
  namespace?: string;
  customers?: string;
  taskQueue?: string;
}

/** What a verb needs, opened lazily (validate-config needs no server) and closed once by the program. */
export class CliContext {
  readonly env: Environment;
  private client?: Promise<Client>;
  private connection?: Connection;
  private store?: Promise<Store>;

  constructor(
    readonly options: GlobalOptions,
    readonly stdout: (text: string) => void = (text) => process.stdout.write(`${text}\n`),
    processEnv: NodeJS.ProcessEnv = process.env,
  ) {
    this.env = readEnvironment(processEnv);
  }

  get address(): string {
    return this.options.address ?? this.env.TEMPORAL_ADDRESS ?? DEFAULT_TEMPORAL_ADDRESS;
  }

  get namespace(): string {
    return this.options.namespace ?? this.env.TEMPORAL_NAMESPACE;
  }

  get taskQueue(): string {
    return this.options.taskQueue ?? TASK_QUEUE;
  }

  get customersFile(): string {
    return this.options.customers ?? this.env.CUSTOMERS_FILE;
  }

  customers(): CustomerFile {
    return loadCustomerFile(this.customersFile);
  }

  temporal(): Promise<Client> {
    this.client ??= Connection.connect({ address: this.address, connectTimeout: 5_000 }).then(
      (connection) => {
        this.connection = connection;
        return new Client({ connection, namespace: this.namespace });
      },
      (err: unknown) => {
        throw new TemporalUnreachableError(this.address, err);
      },
    );
    return this.client;
  }

  /** The raw connection (operator service), for `setup`. */
  async temporalConnection(): Promise<Connection> {
    await this.temporal();
    return this.connection!;
  }

  openStore(): Promise<Store> {
    this.store ??= openStore({ databaseUrl: this.env.DATABASE_URL, dataDir: path.resolve(this.env.DATA_DIR, 'pglite') });
    return this.store;
  }

  /** Print a value as JSON (with --json) or as the given human text. */
  print(value: unknown, human: () => string): void {
    this.stdout(this.options.json ? JSON.stringify(value, null, 2) : human());
  }

  async close(): Promise<void> {
    if (this.client) await this.client.catch(() => undefined);
    await this.connection?.close();
    const store = this.store && (await this.store.catch(() => undefined));
    await store?.close();
  }
}
