import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataConverter, LoadedDataConverter } from '@temporalio/common';
import { defaultPayloadConverter } from '@temporalio/common';
import { AesGcmPayloadCodec, codecKeysFromEnv, type CodecKey } from './payload-codec.ts';
import { failureConverter } from './failure-converter.ts';

// One place that decides how our payloads look in Temporal: encrypted (PAYLOAD_CODEC_KEYS set) or, without keys,
// plain JSON as before (the demo and tests that do not test encryption). Client, worker and CLI all take it from here.

/** The failure converter module, for Worker.create and bundleWorkflowCode (they load it by path). */
export const FAILURE_CONVERTER_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), 'failure-converter.ts');

export interface PayloadProtection {
  /** True when payloads and failure messages are encrypted. */
  encrypted: boolean;
  /** The id of the key new payloads are encrypted with; undefined when not encrypted. */
  keyId: string | undefined;
  /** For Worker.create (and bundleWorkflowCode: its failureConverterPath). */
  workerDataConverter: DataConverter;
  /** For new Client(...): already loaded, so no module is required by path in the client. */
  clientDataConverter: LoadedDataConverter | undefined;
}

export function payloadProtection(keys: CodecKey[] | undefined): PayloadProtection {
  if (!keys) return { encrypted: false, keyId: undefined, workerDataConverter: {}, clientDataConverter: undefined };
  const codec = new AesGcmPayloadCodec(keys);
  return {
    encrypted: true,
    keyId: codec.encryptingKeyId,
    workerDataConverter: { payloadCodecs: [codec], failureConverterPath: FAILURE_CONVERTER_PATH },
    clientDataConverter: { payloadConverter: defaultPayloadConverter, failureConverter, payloadCodecs: [codec] },
  };
}

/** PAYLOAD_CODEC_KEYS (or PAYLOAD_CODEC_KEYS_FILE) of this process. */
export function payloadProtectionFromEnv(env: NodeJS.ProcessEnv = process.env): PayloadProtection {
  return payloadProtection(codecKeysFromEnv(env));
}
