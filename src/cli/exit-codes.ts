/** Exit codes of `ist-export`, for scripts. Documented in the README's Operating section. */
export const ExitCode = {
  Ok: 0,
  /** Anything unexpected; the message says what. */
  Failure: 1,
  /** Bad command line (unknown verb or option, missing argument). */
  Usage: 2,
  /** The customer file is invalid (validate-config, or any verb reading it). */
  ConfigInvalid: 3,
  /** The customer, its schedule, its held run or the asked run does not exist. */
  NotFound: 4,
  /** The Temporal server could not be reached. */
  TemporalUnreachable: 5,
  /** `run --wait`: the run failed, was rejected or discarded. */
  RunFailed: 6,
  /** `run --wait`: the run is held for approval (approve or reject it). */
  RunHeld: 7,
  /** A run is already in progress, or the file forbids the asked change (resume of a file-paused customer). */
  Conflict: 8,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
