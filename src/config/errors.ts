/** Thrown when the customer file does not parse or breaks a rule; `path` names the field (customers[2].extensId). */
export class CustomerConfigInvalidError extends Error {
  override readonly name = 'CustomerConfigInvalidError';
  constructor(
    readonly file: string,
    readonly problems: { path: string; message: string }[],
  ) {
    super(`${file}: ${problems.map((p) => `${p.path || '(file)'}: ${p.message}`).join('; ')}`);
  }
}

/** Thrown when a run is asked for a customer id the customer file does not list. */
export class CustomerNotConfiguredError extends Error {
  override readonly name = 'CustomerNotConfiguredError';
  constructor(readonly customerId: string) {
    super(`customer "${customerId}" is not in the customer file; add it or check the id (ist-export validate-config lists them)`);
  }
}

/** Thrown when the environment variable that should hold a customer's IST client id or secret is unset. */
export class CustomerCredentialsMissingError extends Error {
  override readonly name = 'CustomerCredentialsMissingError';
  constructor(
    readonly customerId: string,
    readonly variable: string,
  ) {
    super(`customer "${customerId}": environment variable ${variable} is not set (it must hold the IST client credential)`);
  }
}
