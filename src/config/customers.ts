import { z } from 'zod';
import { readYamlFile } from './yaml-file.ts';
import { customerScheduleSchema } from '../schedules/customer-schedule.ts';
import { IST_RESOURCES, type IstResource } from '../../workflows/contract.ts';
import { approvalDeadlineSchema, thresholdsSchema } from '../diff/thresholds.ts';
import { CustomerConfigInvalidError, CustomerCredentialsMissingError, CustomerNotConfiguredError } from './errors.ts';
import { retentionSchema } from './retention.ts';
import { readSecret } from './secrets.ts';
import { isiSettingsSchema, Transport } from '../isi/settings.ts';

/** The operator's id at IST as integration partner, unless ISI_INTEGRATION_PARTNER_ID or the file says otherwise. */
export const DEFAULT_INTEGRATION_PARTNER_ID = 'AAAAAAACEGHJGKKIJBMFGPFL';

export const PackageTier = { Bronze: 'bronze', Silver: 'silver', Gold: 'gold' } as const;
export type PackageTier = (typeof PackageTier)[keyof typeof PackageTier];

const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name (A-Z, 0-9, _)');

/**
 * The API base without `/source/{customerId}/v2.0`: the client adds that path itself. A URL pasted whole
 * from IST's documentation is refused with the value to use, rather than failing later as an unknown customer.
 */
const apiBaseUrlSchema = z.url({ protocol: /^https?$/ }).superRefine((url, ctx) => {
  const pasted = /^(.*?)\/+source\/([^/]+)\/v2\.0(?:\/.*)?$/.exec(url);
  if (pasted) ctx.addIssue({ code: 'custom', message: `must not include /source/${pasted[2]}/v2.0 (the export adds it from extensId); use apiBaseUrl: ${pasted[1]}` });
});

const customerSchema = z.strictObject({
  /** Our id: lower-case, used in workflow and schedule ids. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and dashes'),
  name: z.string().min(1),
  /** ISI_EXTENS_ID: the customer's id at IST, the {customerId} in IST's API path. */
  extensId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be the customer id IST gave (letters, digits, - and _)'),
  /** Up to and without `/source/{customerId}/v2.0`, e.g. https://api.ist.com/ss12000v2-api */
  apiBaseUrl: apiBaseUrlSchema.default('https://api.ist.com/ss12000v2-api'),
  tokenUrl: z.url({ protocol: /^https?$/ }).default('https://skolid.se/connect/token'),
  tier: z.enum(['bronze', 'silver', 'gold']),
  /** Forward personnummer downstream. Off unless the customer's contract requires it. */
  forwardCivicNo: z.boolean().default(false),
  /** Env variables holding the IST REST client id / secret; required for transport ss12000, unused for isi. */
  clientIdEnv: envName.optional(),
  clientSecretEnv: envName.optional(),
  /** How the data is read: `ss12000` (REST, default) or `isi` (IST's ISI partner web service; needs `isi:`). */
  transport: z.enum([Transport.Ss12000, Transport.Isi]).default(Transport.Ss12000),
  /** ISI settings (src/isi/settings.ts); required when transport is isi. */
  isi: isiSettingsSchema.optional(),
  /** Records per page asked of IST; IST's maximum is unpublished. */
  pageSize: z.number().int().min(1).max(10_000).default(500),
  /** Records per page for single lists, e.g. `{ persons: 200 }`; the others use pageSize. */
  pageSizes: z.partialRecord(z.enum(IST_RESOURCES), z.number().int().min(1).max(10_000)).default({}),
  /** Most requests in flight to this customer's IST at once, per worker process. */
  requestConcurrency: z.number().int().min(1).max(32).default(4),
  /** Most requests started per second to this customer's IST, per worker process. */
  requestsPerSecond: z.number().positive().max(1000).default(5),
  /** How array query parameters (expand) are written: `repeat` → expand=a&expand=b, `brackets` → expand[]=a. */
  arrayParamStyle: z.enum(['repeat', 'brackets']).default('repeat'),
  paused: z.boolean().default(false),
  /** Days ahead a starting relation (enrolment, duty, membership) already counts; unset = the worker's default (0). */
  lookAheadDays: z.number().int().min(0).max(120).optional(),
  /** SS 12000 email types in the order to pick them, per role; unset = school addresses first (src/map/email.ts). */
  emailPreference: z.strictObject({ student: z.array(z.string().min(1)).min(1).optional(), staff: z.array(z.string().min(1)).min(1).optional() }).optional(),
  note: z.string().optional(),
  /** Limits per entity type and change kind beyond which a run waits for approval (src/diff/thresholds.ts). */
  thresholds: thresholdsSchema.optional(),
  /** How long a held run waits for approve/reject before it is discarded, e.g. `72h`; default 72h. */
  approvalDeadline: approvalDeadlineSchema.optional(),
  /** When the export runs; default every evening 18:30 Europe/Stockholm with 30 min jitter (src/schedules/spec.ts). */
  schedule: customerScheduleSchema.optional(),
  /** How long the store keeps runs, snapshots and change log (src/config/retention.ts); defaults keep 7 runs, 90 days. */
  retention: retentionSchema.optional(),
});

const fileSchema = z.strictObject({
  integrationPartnerId: z.string().min(1).optional(),
  customers: z.array(customerSchema).min(1, 'list at least one customer'),
});

export type Customer = z.infer<typeof customerSchema>;

/** Ids a customer cannot have: `ist-export-maintenance` is the maintenance schedule (src/schedules/maintenance-schedule.ts). */
export const RESERVED_CUSTOMER_IDS: readonly string[] = ['maintenance'];
export interface CustomerFile {
  integrationPartnerId: string;
  customers: Customer[];
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    '',
  );
}

/** Validate parsed customer-file content; `source` names the file in errors. */
export function parseCustomerFile(raw: unknown, source: string, env: NodeJS.ProcessEnv = process.env): CustomerFile {
  const result = fileSchema.safeParse(raw);
  if (!result.success) {
    throw new CustomerConfigInvalidError(
      source,
      result.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
    );
  }
  const problems: { path: string; message: string }[] = [];
  const seen = new Map<string, number>();
  result.data.customers.forEach((customer, index) => {
    const first = seen.get(customer.id);
    if (first !== undefined) problems.push({ path: `customers[${index}].id`, message: `duplicates customers[${first}].id "${customer.id}"` });
    if (RESERVED_CUSTOMER_IDS.includes(customer.id)) problems.push({ path: `customers[${index}].id`, message: `"${customer.id}" is reserved (schedule ist-export-${customer.id} is the app's own)` });
    seen.set(customer.id, index);
    // Each transport's own required fields, named by path.
    if (customer.transport === Transport.Isi && !customer.isi) problems.push({ path: `customers[${index}].isi`, message: 'required when transport is isi (at least isi.passwordEnv)' });
    if (customer.transport === Transport.Ss12000) {
      for (const field of ['clientIdEnv', 'clientSecretEnv'] as const) {
        if (!customer[field]) problems.push({ path: `customers[${index}].${field}`, message: 'required when transport is ss12000' });
      }
    }
  });
  if (problems.length > 0) throw new CustomerConfigInvalidError(source, problems);
  return {
    integrationPartnerId: env.ISI_INTEGRATION_PARTNER_ID || result.data.integrationPartnerId || DEFAULT_INTEGRATION_PARTNER_ID,
    customers: result.data.customers,
  };
}

/** Read and validate a YAML or JSON customer file. */
export function loadCustomerFile(file: string, env: NodeJS.ProcessEnv = process.env): CustomerFile {
  return parseCustomerFile(readYamlFile(file, (problem) => new CustomerConfigInvalidError(file, [problem])), file, env);
}

export function findCustomer(file: CustomerFile, customerId: string): Customer {
  const customer = file.customers.find((c) => c.id === customerId);
  if (!customer) throw new CustomerNotConfiguredError(customerId);
  return customer;
}

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

/** Secrets live in the environment (or a `*_FILE` it names), named by the customer file; never in the file itself. */
export function resolveCredentials(customer: Customer, env: NodeJS.ProcessEnv = process.env): ClientCredentials {
  const idEnv = customer.clientIdEnv ?? 'clientIdEnv';
  const secretEnv = customer.clientSecretEnv ?? 'clientSecretEnv';
  const clientId = customer.clientIdEnv ? readSecret(customer.clientIdEnv, env) : undefined;
  if (!clientId) throw new CustomerCredentialsMissingError(customer.id, idEnv);
  const clientSecret = customer.clientSecretEnv ? readSecret(customer.clientSecretEnv, env) : undefined;
  if (!clientSecret) throw new CustomerCredentialsMissingError(customer.id, secretEnv);
  return { clientId, clientSecret };
}

/** Records per page asked of IST for one list. */
export function pageSizeFor(customer: Customer, resource: IstResource): number {
  return customer.pageSizes[resource] ?? customer.pageSize;
}
