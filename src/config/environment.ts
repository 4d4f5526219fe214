import { z } from 'zod';
import { readSecret } from './secrets.ts';

/** Process-wide settings read from the environment once, at start-up. */
const environmentSchema = z.object({
  /** host:port of a Temporal frontend; unset = the app starts its own dev server (demo/tests). */
  TEMPORAL_ADDRESS: z.string().optional(),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  /** Postgres connection string (it holds the password: DATABASE_URL_FILE works too); unset = embedded PGlite in DATA_DIR/pglite. */
  DATABASE_URL: z.string().optional(),
  /** Where embedded state lives (PGlite, dev-server SQLite file). */
  DATA_DIR: z.string().default('.data'),
  /** Path of the customer file (YAML or JSON). */
  CUSTOMERS_FILE: z.string().default('config/customers.yaml'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Environment = z.infer<typeof environmentSchema>;

export function readEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  const result = environmentSchema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`environment variable ${String(issue?.path[0])}: ${issue?.message}`);
  }
  // A secret like the others: the value, or a file named by DATABASE_URL_FILE (a container secret).
  const databaseUrl = readSecret('DATABASE_URL', env);
  return { ...result.data, DATABASE_URL: databaseUrl };
}
