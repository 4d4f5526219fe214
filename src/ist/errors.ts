// One error class per condition an operator acts on. The class name becomes the Temporal failure
// type; the non-retryable ones are listed in workflows/activity-options.ts. Messages carry the
// customer, the resource and IST's {code, message}, never personal data.

interface IstContext {
  customerId: string;
  resource?: string;
}

abstract class IstError extends Error {
  readonly customerId: string;
  readonly resource: string | undefined;
  constructor(context: IstContext, message: string) {
    super(message);
    this.customerId = context.customerId;
    this.resource = context.resource;
  }
}

/**
 * Thrown when IST's token endpoint refuses the client id/secret, or when the API refuses a token
 * the endpoint has just issued (the credentials are not good for this API).
 */
export class IstClientCredentialsRejectedError extends IstError {
  override readonly name = 'IstClientCredentialsRejectedError';
  constructor(context: IstContext, detail: string) {
    super(context, `customer "${context.customerId}": IST refused the client id/secret (${detail}); check the client credentials IST issued for this customer`);
  }
}

/** Thrown on 403: IST has not opened this customer's data to our integration partner id. */
export class IstAccessNotGrantedError extends IstError {
  override readonly name = 'IstAccessNotGrantedError';
  constructor(
    context: IstContext & { extensId: string; integrationPartnerId: string },
    readonly istCode?: string,
  ) {
    super(context, `customer "${context.customerId}": IST has not opened access for integration partner ISI_INTEGRATION_PARTNER_ID=${context.integrationPartnerId} on ISI_EXTENS_ID=${context.extensId}${context.resource ? ` (resource ${context.resource})` : ''}; ask the customer to grant access in IST Administration or ask IST`);
  }
}

/** Thrown on 404 when the customer's lists all answer 404: the server does not know this customer id. */
export class IstCustomerUnknownError extends IstError {
  override readonly name = 'IstCustomerUnknownError';
  readonly extensId: string;
  constructor(context: IstContext & { extensId: string; url?: string }, readonly istCode?: string, readonly istMessage?: string) {
    super(context, `customer "${context.customerId}": IST does not know customer id ISI_EXTENS_ID=${context.extensId} (HTTP 404${istCode ? ` ${istCode}: ${istMessage ?? ''}` : ''}${context.url ? ` from ${context.url}` : ''}); check extensId and that apiBaseUrl stops before /source/… in the customer file`);
    this.extensId = context.extensId;
  }
}

/**
 * Thrown when the server answers 404 to one list while the customer's other lists answer: the server
 * does not serve that list (Skolverket's reference server has no /syllabuses), and the export cannot
 * do without it. Optional lists are skipped and reported instead (src/ist/not-found.ts).
 */
export class IstListNotServedError extends IstError {
  override readonly name = 'IstListNotServedError';
  constructor(context: IstContext & { extensId: string }, readonly said: string) {
    super(context, `customer "${context.customerId}": the SS 12000 server does not serve the list ${context.resource ?? '?'} on ISI_EXTENS_ID=${context.extensId} (HTTP 404${said ? `: ${said}` : ''}) while the customer's other lists answer; the export needs this list: ask the supplier to open it`);
  }
}

/** Thrown on 400 (other than an expired page token): the request was malformed. */
export class IstRequestRejectedError extends IstError {
  override readonly name = 'IstRequestRejectedError';
  constructor(context: IstContext, readonly istCode: string, readonly istMessage: string) {
    super(context, `customer "${context.customerId}"${context.resource ? `, resource ${context.resource}` : ''}: IST rejected the request: ${istCode}: ${istMessage}`);
  }
}

/**
 * Thrown when IST is down, throttling, too slow or answering garbage, after the client's own short
 * retries; Temporal retries the activity. `retryAfterMs` is IST's Retry-After, if it sent one.
 */
export class IstUnavailableError extends IstError {
  override readonly name = 'IstUnavailableError';
  constructor(
    context: IstContext,
    readonly status: number | undefined,
    readonly detail: string,
    readonly retryAfterMs?: number,
  ) {
    super(context, `customer "${context.customerId}"${context.resource ? `, resource ${context.resource}` : ''}: IST unavailable: ${detail}`);
  }

  /** The same failure, told after `tries` tries. */
  after(tries: number): IstUnavailableError {
    return new IstUnavailableError({ customerId: this.customerId, resource: this.resource }, this.status, `${this.detail} (gave up after ${tries} ${tries === 1 ? 'try' : 'tries'})`, this.retryAfterMs);
  }
}

/** Thrown when IST answers 410 Gone (or 400) to a page token from an earlier attempt: restart the listing. */
export class IstPageTokenExpiredError extends IstError {
  override readonly name = 'IstPageTokenExpiredError';
  constructor(context: IstContext) {
    super(context, `customer "${context.customerId}", resource ${context.resource}: IST no longer accepts the page token; the listing restarts from its first page`);
  }
}
