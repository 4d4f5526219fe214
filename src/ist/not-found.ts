import type { IstClient } from './client.ts';
import { IstCustomerUnknownError, IstListNotServedError } from './errors.ts';
import type { IstResourceName } from './resources.ts';

// A 404 on a list means one of two things: the server does not know the customer (a wrong extensId),
// or it knows the customer but does not serve that list (Skolverket's reference server has no
// /syllabuses and answers 404 with a plain-text body). The body cannot be trusted to tell them apart
// (IST's codes are its own; other servers send none), so we ask the server: one request for a list
// every SS 12000 server serves. If that list answers, the customer is known.

/** Lists the export can do without: a server that does not serve one is reported and the list left empty. */
export const OPTIONAL_LISTS: ReadonlySet<IstResourceName> = new Set<IstResourceName>(['syllabuses']);

/** The list asked to learn whether the customer is known: the customer's root list, or persons when that was the 404. */
const probeFor = (resource: IstResourceName): IstResourceName => (resource === 'organisations' ? 'persons' : 'organisations');

/**
 * Tell an unknown customer from a list the server does not serve. Returns the error that says which;
 * a probe failing otherwise (outage, 403) throws that failure, which is then the more useful one.
 */
export async function explainNotFound(client: IstClient, notFound: IstCustomerUnknownError, signal?: AbortSignal): Promise<IstCustomerUnknownError | IstListNotServedError> {
  const resource = notFound.resource as IstResourceName | undefined;
  if (!resource) return notFound;
  try {
    await client.listPage(probeFor(resource), { limit: 1, signal });
  } catch (err) {
    if (err instanceof IstCustomerUnknownError) return notFound;
    throw err;
  }
  const said = notFound.istCode ? `${notFound.istCode}: ${notFound.istMessage ?? ''}`.trim() : '';
  return new IstListNotServedError({ customerId: notFound.customerId, resource, extensId: notFound.extensId }, said);
}
