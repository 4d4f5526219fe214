import { z } from 'zod';

/** IST's ISI partner endpoint (the WSDL's soap:address). */
export const DEFAULT_ISI_ENDPOINT = 'https://isi.ist.com/isi/ws/ISIPartnerEndpoint';

/** How a customer's data is read: SS 12000 REST ("EduCloud" API) or IST's ISI partner web service (SOAP push/pull). */
export const Transport = { Ss12000: 'ss12000', Isi: 'isi' } as const;
export type Transport = (typeof Transport)[keyof typeof Transport];

const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name (A-Z, 0-9, _)');

/**
 * The `isi:` block of a customer that uses `transport: isi`. Our system id is the file's integrationPartnerId
 * (ISI_INTEGRATION_PARTNER_ID); the customer's extensId (ISI_EXTENS_ID) is the trigger's other system.
 */
export const isiSettingsSchema = z.strictObject({
  /** The SOAP endpoint; default IST's. */
  endpoint: z.url({ protocol: /^https?$/ }).default(DEFAULT_ISI_ENDPOINT),
  /** Environment variable (or `<NAME>_FILE`) holding our integration partner password at ISI. Required. */
  passwordEnv: envName,
  /** Trigger serviceClass; public clients use imsService (Norway: pifuService). */
  serviceClass: z.string().min(1).default('imsService'),
  /** Trigger messageClass; public clients use IMS2013 (IMS Enterprise XML). Picks the payload parser. */
  messageClass: z.string().min(1).default('IMS2013'),
  /** Trigger params (key → value), e.g. `{ schoolyear: "2025" }`; none by default. */
  params: z.record(z.string().min(1), z.string()).default({}),
  /** isiPartnerPull fetchSize: how many messages one pull may answer. Default 1 (we wait for one file). */
  fetchSize: z.number().int().min(1).max(100).default(1),
  /** isiPartnerPull timeout in ms: how long ISI holds one pull open waiting for the file. Default 18000 (public clients). */
  pullTimeoutMs: z.number().int().min(1000).max(120_000).default(18_000),
  /** Seconds the workflow waits (a durable Temporal timer) between pulls that found no file. Default 30. */
  pollIntervalSeconds: z.number().int().min(1).max(3600).default(30),
  /** Minutes from the push after which the run stops waiting and fails (IsiMessageDeadlineExceededError). Default 240. */
  deadlineMinutes: z.number().positive().max(24 * 60).default(240),
});
export type IsiSettings = z.infer<typeof isiSettingsSchema>;
