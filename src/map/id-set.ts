/**
 * What the rules ask of a set of ids: membership only. The streaming mapping answers from its compact
 * person index (src/map/stream-customer.ts) instead of a second Set of every id.
 */
export type IdSet = Pick<ReadonlySet<string>, 'has'>;
