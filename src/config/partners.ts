import { z } from 'zod';
import { readYamlFile } from './yaml-file.ts';
import { isSecretHash } from './secret-hash.ts';
import type { CustomerFile } from './customers.ts';

// The partner file (PARTNERS_FILE, default config/partners.yaml): who may read the API, with which
// credentials (scrypt hashes only), which customers, and whether personnummer go out to them.

const secretHash = z.string().refine(isSecretHash, 'must be a scrypt hash from `ist-export partners hash-secret`, never the secret itself');

const partnerSchema = z.strictObject({
  /** Our id for the partner: lower-case, digits, dashes; the OAuth2 client_id and the API key prefix. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and dashes'),
  name: z.string().min(1),
  /** OAuth2 client credentials: scrypt hash of the client secret. */
  clientSecretHash: secretHash.optional(),
  /** API keys (`<partner id>.<secret>`): scrypt hashes of the secret part; several allow rotation. */
  apiKeyHashes: z.array(secretHash).default([]),
  /** Customer ids (from the customer file) the partner may read. */
  customers: z.array(z.string().min(1)).min(1, 'grant at least one customer'),
  /** Personnummer go to this partner, for customers with forwardCivicNo, never for protected persons. */
  civicNo: z.boolean().default(false),
  /** Requests per minute for this partner; default the file's rateLimitPerMinute. */
  rateLimitPerMinute: z.number().int().min(1).max(100_000).optional(),
});

const fileSchema = z.strictObject({
  /** Header carrying API keys. */
  apiKeyHeader: z.string().regex(/^[A-Za-z0-9-]+$/, 'must be an HTTP header name').default('X-API-Key'),
  /** Lifetime of issued access tokens, seconds. */
  tokenTtlSeconds: z.number().int().min(30).max(86_400).default(900),
  /** Requests per minute per partner unless the partner says otherwise. */
  rateLimitPerMinute: z.number().int().min(1).max(100_000).default(600),
  partners: z.array(partnerSchema).min(1, 'list at least one partner'),
});

export type Partner = z.infer<typeof partnerSchema>;
export type PartnerFile = z.infer<typeof fileSchema>;

/** Thrown when the partner file does not parse or breaks a rule; each problem names the field (partners[1].customers[0]). */
export class PartnerConfigInvalidError extends Error {
  override readonly name = 'PartnerConfigInvalidError';
  constructor(
    readonly file: string,
    readonly problems: { path: string; partner?: string; message: string }[],
  ) {
    super(`${file}: ${problems.map((p) => `${p.path || '(file)'}${p.partner ? ` (partner ${p.partner})` : ''}: ${p.message}`).join('; ')}`);
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}

/** Validate parsed partner-file content against the schema and the customer file; `source` names the file. */
export function parsePartnerFile(raw: unknown, source: string, customers?: CustomerFile): PartnerFile {
  const partnerId = (path: readonly PropertyKey[]) => {
    if (path[0] !== 'partners' || typeof path[1] !== 'number') return undefined;
    const id = (raw as { partners?: { id?: unknown }[] } | null)?.partners?.[path[1]]?.id;
    return typeof id === 'string' ? id : undefined;
  };
  const result = fileSchema.safeParse(raw);
  if (!result.success) {
    throw new PartnerConfigInvalidError(
      source,
      result.error.issues.map((issue) => {
        const partner = partnerId(issue.path);
        return { path: formatPath(issue.path), message: issue.message, ...(partner ? { partner } : {}) };
      }),
    );
  }
  const problems: { path: string; partner?: string; message: string }[] = [];
  const seen = new Map<string, number>();
  const known = customers ? new Set(customers.customers.map((c) => c.id)) : undefined;
  result.data.partners.forEach((p, i) => {
    const first = seen.get(p.id);
    if (first !== undefined) problems.push({ path: `partners[${i}].id`, partner: p.id, message: `duplicates partners[${first}].id` });
    seen.set(p.id, i);
    if (!p.clientSecretHash && p.apiKeyHashes.length === 0) problems.push({ path: `partners[${i}].clientSecretHash`, partner: p.id, message: 'give clientSecretHash or apiKeyHashes: the partner has no credential' });
    p.customers.forEach((c, j) => {
      if (known && !known.has(c)) problems.push({ path: `partners[${i}].customers[${j}]`, partner: p.id, message: `customer "${c}" is not in the customer file` });
    });
  });
  if (problems.length > 0) throw new PartnerConfigInvalidError(source, problems);
  return result.data;
}

/** Read and validate a YAML or JSON partner file. */
export function loadPartnerFile(file: string, customers?: CustomerFile): PartnerFile {
  return parsePartnerFile(readYamlFile(file, (problem) => new PartnerConfigInvalidError(file, [problem])), file, customers);
}
