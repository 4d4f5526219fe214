import { Agent } from 'undici';
import { resolveCredentials, type Customer, type CustomerFile } from '../src/config/customers.ts';
import { IstClient } from '../src/ist/client.ts';
import { TokenSource } from '../src/ist/token.ts';

/**
 * One IST client per customer per worker process: its token is reused across activities, and its
 * own keep-alive pool means a slow customer never holds the connections of another.
 */
export class IstClients {
  private readonly clients = new Map<string, { client: IstClient; agent: Agent }>();
  constructor(
    private readonly config: CustomerFile,
    private readonly env: NodeJS.ProcessEnv,
    private readonly connectionsPerCustomer = 4,
  ) {}

  for(customer: Customer): IstClient {
    const existing = this.clients.get(customer.id);
    if (existing) return existing.client;
    const credentials = resolveCredentials(customer, this.env);
    const agent = new Agent({ connections: this.connectionsPerCustomer, keepAliveTimeout: 30_000 });
    const tokens = new TokenSource({ customerId: customer.id, tokenUrl: customer.tokenUrl, ...credentials, dispatcher: agent });
    const client = new IstClient({
      customerId: customer.id,
      extensId: customer.extensId,
      integrationPartnerId: this.config.integrationPartnerId,
      apiBaseUrl: customer.apiBaseUrl,
      tokens,
      dispatcher: agent,
    });
    this.clients.set(customer.id, { client, agent });
    return client;
  }

  async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map(({ agent }) => agent.close()));
    this.clients.clear();
  }
}
