/** Thrown when a customer forwards personnummer but the worker has no CIVICNO_KEY to encrypt them with. */
export class CivicNoKeyMissingError extends Error {
  override readonly name = 'CivicNoKeyMissingError';
  constructor(
    readonly variable: string,
    readonly customerId?: string,
  ) {
    super(`${customerId ? `customer "${customerId}" has forwardCivicNo: ` : ''}${variable} is not set: a customer with forwardCivicNo needs it to keep personnummer encrypted (32 bytes, hex or base64)`);
  }
}

/** Thrown when CIVICNO_KEY is set but is not 32 bytes of hex or base64. */
export class CivicNoKeyInvalidError extends Error {
  override readonly name = 'CivicNoKeyInvalidError';
  constructor(
    readonly variable: string,
    readonly customerId?: string,
  ) {
    super(`${customerId ? `customer "${customerId}" has forwardCivicNo: ` : ''}${variable} must be 32 bytes as 64 hex digits or base64`);
  }
}

/** Thrown when an encrypted personnummer token cannot be decrypted (wrong key, or altered data). */
export class CivicNoDecryptionFailedError extends Error {
  override readonly name = 'CivicNoDecryptionFailedError';
  constructor() {
    super('an encrypted personnummer could not be decrypted: CIVICNO_KEY differs from the key it was written with, or the data was altered');
  }
}

/**
 * Thrown when the mapping's two passes over the staged persons disagree (a person mapped in the second
 * pass was not numbered in the first): the staged list changed under the mapping. Failing is better than
 * publishing groups that silently leave that person out; a retry maps the staged lists again.
 */
export class StagedPersonsChangedError extends Error {
  override readonly name = 'StagedPersonsChangedError';
  constructor(readonly position: number) {
    super(`the staged persons list changed while it was mapped (person at position ${position} was not seen in the first pass); the snapshot is mapped again`);
  }
}
