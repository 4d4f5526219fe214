// One error class per condition an operator acts on over the ISI route. The class name is the Temporal failure type;
// the non-retryable ones are listed in workflows/activity-options.ts. Each message ends with what to do (the hint).
// Messages carry the customer, ids and ISI's own fault text, never roster data.

interface IsiContext {
  customerId: string;
}

abstract class IsiError extends Error {
  readonly customerId: string;
  constructor(context: IsiContext, message: string) {
    super(`customer "${context.customerId}": ${message}`);
    this.customerId = context.customerId;
  }
}

/** Thrown when ISI refuses our partner login (system id + password): a SOAP fault about login/password, or HTTP 401/403. */
export class IsiPartnerLoginRefusedError extends IsiError {
  override readonly name = 'IsiPartnerLoginRefusedError';
  constructor(context: IsiContext & { integrationPartnerId: string; passwordEnv: string }, readonly fault: string) {
    super(context, `ISI refused the partner login of ISI_INTEGRATION_PARTNER_ID=${context.integrationPartnerId} (${fault}); check the password in ${context.passwordEnv} and the partner id with IST`);
  }
}

/** Thrown when ISI answers that the customer (the trigger's other system) has not opened its data to our partner id. */
export class IsiCustomerNotOpenedError extends IsiError {
  override readonly name = 'IsiCustomerNotOpenedError';
  constructor(context: IsiContext & { extensId: string; integrationPartnerId: string; serviceClass: string; messageClass: string }, readonly fault: string) {
    super(
      context,
      `ISI has not opened ISI_EXTENS_ID=${context.extensId} to ISI_INTEGRATION_PARTNER_ID=${context.integrationPartnerId} for ${context.serviceClass}/${context.messageClass} (${fault}); ask the customer to open the integration in IST Administration, or ask IST`,
    );
  }
}

/** Thrown when ISI no longer knows the run's trigger (expired, or lost on IST's side): the file will never come. */
export class IsiTriggerUnknownError extends IsiError {
  override readonly name = 'IsiTriggerUnknownError';
  constructor(context: IsiContext & { triggerId: string }, readonly fault: string) {
    super(context, `ISI does not know trigger ${context.triggerId} (${fault}); start the run again (a new trigger is pushed); if it repeats, ask IST`);
  }
}

/** Thrown on any other SOAP fault: ISI's faultstring is kept verbatim. Retried; if it persists the run fails with it. */
export class IsiFaultError extends IsiError {
  override readonly name = 'IsiFaultError';
  constructor(context: IsiContext & { operation: string }, readonly faultCode: string, readonly fault: string) {
    super(context, `ISI answered ${context.operation} with a fault: ${faultCode}: ${fault}; retried automatically, if it persists report the fault text to IST`);
  }
}

/** Thrown when ISI cannot be reached or answers garbage (network, HTTP 5xx, a cut-off or unreadable SOAP answer). Retried. */
export class IsiUnavailableError extends IsiError {
  override readonly name = 'IsiUnavailableError';
  constructor(context: IsiContext & { operation: string }, readonly detail: string) {
    super(context, `ISI unavailable during ${context.operation}: ${detail}; retried automatically, check ISI's status if it persists`);
  }
}

/** Thrown when a SOAP answer is well-formed but lacks what the WSDL promises (e.g. a push answer without triggerRegistered). */
export class IsiResponseInvalidError extends IsiError {
  override readonly name = 'IsiResponseInvalidError';
  constructor(context: IsiContext & { operation: string }, readonly detail: string) {
    super(context, `ISI's ${context.operation} answer is not what the WSDL describes: ${detail}; report to us`);
  }
}

/** Thrown when the file ISI delivered cannot be read: broken gzip, malformed XML, or not the messageClass's format. */
export class IsiFileCorruptError extends IsiError {
  override readonly name = 'IsiFileCorruptError';
  constructor(context: IsiContext & { triggerId: string; part: 'gzip' | 'xml' | 'format' }, readonly detail: string) {
    super(context, `the ISI file of trigger ${context.triggerId} is unreadable (${context.part}: ${detail}); nothing was published; the next run asks for a new file, if it repeats report it to IST`);
  }
}

/** Thrown when the customer's messageClass has no payload parser here (src/isi/payload.ts lists them). */
export class IsiMessageClassUnsupportedError extends IsiError {
  override readonly name = 'IsiMessageClassUnsupportedError';
  constructor(context: IsiContext & { messageClass: string; supported: readonly string[] }) {
    super(context, `isi.messageClass ${context.messageClass} has no parser (supported: ${context.supported.join(', ')}); fix isi.messageClass in the customer file`);
  }
}

/** Thrown when a run for an ISI customer reaches a step that only has the REST route (or the reverse). */
export class IsiTransportMismatchError extends IsiError {
  override readonly name = 'IsiTransportMismatchError';
  constructor(context: IsiContext, detail: string) {
    super(context, `${detail}; check transport in the customer file`);
  }
}
