import type { FastifyRequest } from 'fastify';
import type { Customer, CustomerFile } from '../config/customers.ts';
import type { Partner, PartnerFile } from '../config/partners.ts';
import type { Store } from '../store/index.ts';
import { PublishedState } from '../store/published-state.ts';
import type { Authenticator } from './auth/authenticate.ts';
import { CivicNoPolicy } from './civic-no-policy.ts';
import { ApiError } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated partner; null on public routes. */
    partner: Partner | null;
    /** Records in the answer, for the access log. */
    records: number;
  }
  interface FastifyContextConfig {
    /** No credential needed (health, metrics, token endpoint, OpenAPI document). */
    public?: boolean;
  }
}

/** What every route of the API reads: resolved once when the server starts. */
export class ApiContext {
  readonly state: PublishedState;
  private readonly customers: Map<string, Customer>;

  constructor(
    readonly store: Store,
    customerFile: CustomerFile,
    readonly partners: PartnerFile,
    readonly auth: Authenticator,
    readonly env: NodeJS.ProcessEnv,
  ) {
    this.state = new PublishedState(store.db);
    this.customers = new Map(customerFile.customers.map((c) => [c.id, c]));
  }

  /** The customer of a path; the grant check has already refused customers the partner may not read. */
  customer(id: string): Customer {
    const customer = this.customers.get(id);
    if (!customer) throw new ApiError(404, 'not_found', `unknown customer ${id}`);
    return customer;
  }

  civicNoPolicy(req: FastifyRequest, customer: Customer): CivicNoPolicy {
    return CivicNoPolicy.for(customer, req.partner ?? { civicNo: false }, this.env);
  }
}
