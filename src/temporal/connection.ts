import { Client, Connection } from '@temporalio/client';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import { NativeConnection, type NativeConnectionOptions } from '@temporalio/worker';
import { readSecret } from '../config/secrets.ts';
import { payloadProtectionFromEnv, type PayloadProtection } from './data-converter.ts';

// How every process of ours (worker, CLI, partner API, codec-less tools) finds Temporal: a Temporal environment
// configuration profile (@temporalio/envconfig: TOML file at TEMPORAL_CONFIG_FILE or ~/.config/temporalio/temporal.toml,
// profile TEMPORAL_PROFILE, default "default"), with the standard TEMPORAL_* variables on top (TEMPORAL_ADDRESS,
// TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS_*), and command-line flags on top of those.
// Nothing set at all = the local dev server at 127.0.0.1:7233, namespace "default", no TLS (as before).

export const DEFAULT_TEMPORAL_ADDRESS = '127.0.0.1:7233';

export interface TemporalTarget {
  address: string;
  namespace: string;
  /** Where the settings came from, for messages: the profile name, or "environment". */
  source: string;
  /** Connection options for Connection.connect / NativeConnection.connect (address, tls, apiKey, metadata). */
  connectionOptions: NativeConnectionOptions & { address: string };
  /** How payloads are protected (PAYLOAD_CODEC_KEYS). */
  payloads: PayloadProtection;
}

/** Thrown when the Temporal profile or its TLS files cannot be read; names the profile and the setting. */
export class TemporalProfileInvalidError extends Error {
  override readonly name = 'TemporalProfileInvalidError';
  constructor(readonly profile: string, detail: string) {
    super(`Temporal connection profile "${profile}": ${detail}`);
  }
}

/**
 * Resolve the Temporal target of this process. `TEMPORAL_API_KEY` may come from a file (`TEMPORAL_API_KEY_FILE`,
 * how container secrets are mounted); TLS certificates and keys are files already (TEMPORAL_TLS_CLIENT_CERT_PATH,
 * TEMPORAL_TLS_CLIENT_KEY_PATH, TEMPORAL_TLS_SERVER_CA_CERT_PATH or the profile's `[profile.x.tls]`).
 */
export function resolveTemporalTarget(env: NodeJS.ProcessEnv = process.env, overrides: { address?: string; namespace?: string } = {}): TemporalTarget {
  const profile = env.TEMPORAL_PROFILE || 'default';
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (k.startsWith('TEMPORAL_') && v !== undefined && v !== '' && k !== 'TEMPORAL_API_KEY_FILE') vars[k] = v;
  // And what locates the default file (~/.config/temporalio/temporal.toml).
  for (const k of ['HOME', 'XDG_CONFIG_HOME', 'APPDATA']) if (env[k]) vars[k] = env[k]!;
  const apiKey = readSecret('TEMPORAL_API_KEY', env);
  if (apiKey) vars.TEMPORAL_API_KEY = apiKey;
  let loaded;
  try {
    // The profile name only via TEMPORAL_PROFILE: named explicitly, envconfig refuses a missing "default" profile.
    loaded = loadClientConnectConfig({ overrideEnvVars: vars });
  } catch (err) {
    throw new TemporalProfileInvalidError(profile, err instanceof Error ? err.message : String(err));
  }
  const options = loaded.connectionOptions;
  const address = overrides.address ?? options.address ?? DEFAULT_TEMPORAL_ADDRESS;
  const namespace = overrides.namespace ?? loaded.namespace ?? 'default';
  return {
    address,
    namespace,
    source: env.TEMPORAL_PROFILE || env.TEMPORAL_CONFIG_FILE ? `profile ${profile}` : 'environment',
    connectionOptions: {
      address,
      ...(options.tls !== undefined ? { tls: options.tls } : {}),
      ...(options.apiKey ? { apiKey: options.apiKey } : {}),
      ...(options.metadata && Object.keys(options.metadata).length ? { metadata: options.metadata } : {}),
    },
    payloads: payloadProtectionFromEnv(env),
  };
}

/** A Client (CLI, partner API, tests) on the target, with the payload codec when keys are configured. */
export async function connectClient(target: TemporalTarget, connectTimeout?: number): Promise<{ client: Client; connection: Connection }> {
  const connection = await Connection.connect({ ...(target.connectionOptions as Parameters<typeof Connection.connect>[0]), ...(connectTimeout ? { connectTimeout } : {}) });
  const client = new Client({ connection, namespace: target.namespace, ...(target.payloads.clientDataConverter ? { dataConverter: target.payloads.clientDataConverter } : {}) });
  return { client, connection };
}

/** The worker's native connection to the target. */
export function connectNative(target: TemporalTarget): Promise<NativeConnection> {
  return NativeConnection.connect(target.connectionOptions);
}
