import type { Customer } from '../config/customers.ts';
import type { Partner } from '../config/partners.ts';
import { isEncryptedCivicNo, requireCivicNoCipher, type CivicNoCipher } from '../map/civic-no-cipher.ts';
import type { Person } from '../model/entities.ts';

/**
 * Whether, and which, personnummer go to one partner for one customer: only when the customer forwards
 * them (forwardCivicNo) AND the partner is allowed (civicNo in the partner file), never for a person
 * with protected identity. Stored numbers are encrypted (CIVICNO_KEY); they are decrypted here, for the
 * response only, and never logged.
 */
export class CivicNoPolicy {
  private cipher: CivicNoCipher | undefined;

  constructor(
    readonly allowed: boolean,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  static for(customer: Pick<Customer, 'forwardCivicNo'>, partner: Pick<Partner, 'civicNo'>, env: NodeJS.ProcessEnv): CivicNoPolicy {
    return new CivicNoPolicy(customer.forwardCivicNo && partner.civicNo, env);
  }

  /** The number in clear for this person, or undefined when it must not go out (or there is none). */
  reveal(person: Pick<Person, 'civicNo' | 'protectedIdentity'>): string | undefined {
    if (!this.allowed || person.protectedIdentity || person.civicNo === undefined) return undefined;
    if (!isEncryptedCivicNo(person.civicNo)) return person.civicNo;
    this.cipher ??= requireCivicNoCipher(this.env);
    return this.cipher.decrypt(person.civicNo);
  }

  /** The stored form of a number asked for (lookup by civicNo): the cipher is deterministic. */
  stored(civicNo: string): string[] {
    const forms = [civicNo];
    this.cipher ??= requireCivicNoCipher(this.env);
    forms.push(this.cipher.encrypt(civicNo));
    return forms;
  }
}
