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

/** Thrown when IST's token endpoint refuses the client id/secret. */
export class IstClientCredentialsRejectedError extends IstError {
  override readonly name = 'IstClientCredentialsRejectedError';
  constructor(context: IstContext, detail: string) {
    super(context, `customer "${context.customerId}": IST refused the client id/secret at the token endpoint (${detail}); check the credentials IST issued for this customer`);
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

/** Thrown on 404 for the source: IST does not know this customer id. */
export class IstCustomerUnknownError extends IstError {
  override readonly name = 'IstCustomerUnknownError';
  constructor(context: IstContext & { extensId: string }) {
    super(context, `customer "${context.customerId}": IST does not know customer id ISI_EXTENS_ID=${context.extensId}; check extensId in the customer file`);
  }
}

/** Thrown on 400 (other than an expired page token): the request was malformed. */
export class IstRequestRejectedError extends IstError {
  override readonly name = 'IstRequestRejectedError';
  constructor(context: IstContext, readonly istCode: string, readonly istMessage: string) {
    super(context, `customer "${context.customerId}"${context.resource ? `, resource ${context.resource}` : ''}: IST rejected the request: ${istCode}: ${istMessage}`);
  }
}

/** Thrown when IST is down, throttling or answering garbage; retried. */
export class IstUnavailableError extends IstError {
  override readonly name = 'IstUnavailableError';
  constructor(context: IstContext, readonly status: number | undefined, detail: string) {
    super(context, `customer "${context.customerId}"${context.resource ? `, resource ${context.resource}` : ''}: IST unavailable: ${detail}`);
  }
}

/** Thrown when IST answers 410 Gone (or 400) to a page token from an earlier attempt: restart the listing. */
export class IstPageTokenExpiredError extends IstError {
  override readonly name = 'IstPageTokenExpiredError';
  constructor(context: IstContext) {
    super(context, `customer "${context.customerId}", resource ${context.resource}: IST no longer accepts the page token; the listing restarts from its first page`);
  }
}
