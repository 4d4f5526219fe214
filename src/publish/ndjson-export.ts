import { createHash } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { isEncryptedCivicNo, requireCivicNoCipher, type CivicNoCipher } from '../map/civic-no-cipher.ts';
import { canonicalJson } from '../model/canonical.ts';
import { MODEL_SCHEMAS, MODEL_VERSION, type Person } from '../model/entities.ts';
import { modelSchemaPath } from '../model/json-schema.ts';
import type { Store } from '../store/index.ts';

export const EXPORT_MANIFEST_VERSION = 1;
const ENTITY_FILES = { school: 'schools.ndjson', person: 'persons.ndjson', class: 'classes.ndjson', teachingGroup: 'teaching-groups.ndjson' } as const;
type ExportedType = keyof typeof ENTITY_FILES;

export interface ExportManifest {
  version: typeof EXPORT_MANIFEST_VERSION;
  runId: string;
  customerId: string;
  modelVersion: number;
  /** The JSON Schema each line follows (its $defs entry named by entityType). */
  schema: string;
  files: { entityType: ExportedType; file: string; count: number; sha256: string }[];
  /** True when persons.ndjson carries personnummer (forwardCivicNo); never for persons with protectedIdentity. */
  containsCivicNo: boolean;
}

export interface NdjsonExportOptions {
  /** Decrypts forwarded personnummer; default from CIVICNO_KEY, required only when the snapshot holds any. */
  civicNoCipher?: CivicNoCipher;
  env?: NodeJS.ProcessEnv;
}

/** Thrown when an export is asked for a run that has no stored snapshot. */
export class RunSnapshotNotFoundError extends Error {
  override readonly name = 'RunSnapshotNotFoundError';
  constructor(readonly runId: string) {
    super(`run ${runId} has no stored snapshot (unknown run id, or the run failed before mapping)`);
  }
}

/**
 * Write one run's published snapshot as NDJSON: one file per entity type (one entity per line, canonical
 * key order, id order) and manifest.json with counts, model version and SHA-256 of each file. Files are
 * written under temporary names and renamed, the manifest last: a reader that sees the manifest sees
 * complete files. Each line is checked against the model schema, so nothing off-model leaves.
 */
export async function writeNdjsonExport(store: Store, runId: string, dir: string, options: NdjsonExportOptions = {}): Promise<ExportManifest> {
  const run = await store.runs.get(runId);
  const stored = await store.snapshots.manifest(runId);
  if (!run || !stored) throw new RunSnapshotNotFoundError(runId);
  await mkdir(dir, { recursive: true });
  let cipher = options.civicNoCipher;
  let containsCivicNo = false;

  const files: ExportManifest['files'] = [];
  for (const [entityType, file] of Object.entries(ENTITY_FILES) as [ExportedType, string][]) {
    const schema = MODEL_SCHEMAS[entityType];
    const target = path.join(dir, file);
    const handle = await open(`${target}.tmp`, 'w');
    const hash = createHash('sha256');
    let count = 0;
    try {
      for await (const page of store.snapshots.entityPages<Record<string, unknown>>(runId, entityType)) {
        const lines: string[] = [];
        for (const { content } of page) {
          let out = content;
          if (entityType === 'person') {
            const person = content as Person;
            if (person.civicNo !== undefined) {
              const { civicNo, ...rest } = person;
              if (person.protectedIdentity) out = rest;
              else {
                cipher ??= requireCivicNoCipher(options.env);
                out = { ...rest, civicNo: isEncryptedCivicNo(civicNo) ? cipher.decrypt(civicNo) : civicNo };
                containsCivicNo = true;
              }
            }
          }
          if (stored.modelVersion === MODEL_VERSION) schema.parse(out);
          lines.push(canonicalJson(out));
          count++;
        }
        const chunk = lines.join('\n') + '\n';
        hash.update(chunk);
        await handle.write(chunk);
      }
    } catch (err) {
      await handle.close();
      await rm(`${target}.tmp`, { force: true });
      throw err;
    }
    await handle.close();
    await rename(`${target}.tmp`, target);
    files.push({ entityType, file, count, sha256: hash.digest('hex') });
  }

  const manifest: ExportManifest = {
    version: EXPORT_MANIFEST_VERSION,
    runId,
    customerId: run.customerId,
    modelVersion: stored.modelVersion,
    schema: path.basename(modelSchemaPath(stored.modelVersion)),
    files,
    containsCivicNo,
  };
  const manifestFile = path.join(dir, 'manifest.json');
  const handle = await open(`${manifestFile}.tmp`, 'w');
  await handle.write(`${JSON.stringify(manifest, null, 2)}\n`);
  await handle.close();
  await rename(`${manifestFile}.tmp`, manifestFile);
  return manifest;
}
