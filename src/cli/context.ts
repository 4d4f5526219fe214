import path from 'node:path';
import type { Client, Connection } from '@temporalio/client';
import { loadCustomerFile, type CustomerFile } from '../config/customers.ts';
import { readEnvironment, type Environment } from '../config/environment.ts';
import { openStore, type Store } from '../store/index.ts';
import { TASK_QUEUE } from '../../workflows/contract.ts';
import { connectClient, resolveTemporalTarget, type TemporalTarget } from '../temporal/connection.ts';
import { TemporalUnreachableError } from './errors.ts';

/** Where the demo's dev server listens; the CLI's default when neither TEMPORAL_ADDRESS nor a profile says otherwise. */
export { DEFAULT_TEMPORAL_ADDRESS } from '../temporal/connection.ts';

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
  private resolvedTarget?: TemporalTarget;

  constructor(
    readonly options: GlobalOptions,
    readonly stdout: (text: string) => void = (text) => process.stdout.write(`${text}\n`),
    readonly processEnv: NodeJS.ProcessEnv = process.env,
  ) {
    this.env = readEnvironment(processEnv);
  }

  /** Profile + TEMPORAL_* + flags (src/temporal/connection.ts), with the payload codec when keys are set. */
  get target(): TemporalTarget {
    this.resolvedTarget ??= resolveTemporalTarget(this.processEnv, { address: this.options.address, namespace: this.options.namespace });
    return this.resolvedTarget;
  }

  get address(): string {
    return this.target.address;
  }

  get namespace(): string {
    return this.target.namespace;
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
    this.client ??= connectClient(this.target, 5_000).then(
      ({ client, connection }) => {
        this.connection = connection;
        return client;
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
