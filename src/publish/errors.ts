/** Thrown when a run is published after another run of the same customer was: its change set is stale. */
export class PublicationBaseChangedError extends Error {
  override readonly name = 'PublicationBaseChangedError';
  constructor(
    readonly customerId: string,
    readonly runId: string,
    readonly expectedSeq: number | null,
    readonly currentSeq: number | null,
  ) {
    super(`customer ${customerId}: run ${runId} was diffed against change ${String(expectedSeq)} but the publication is now at ${String(currentSeq)}; run again`);
  }
}

/** Thrown when a run is published before its change set was computed. */
export class RunNotDiffedError extends Error {
  override readonly name = 'RunNotDiffedError';
  constructor(readonly runId: string) {
    super(`run ${runId} has no computed change set`);
  }
}
