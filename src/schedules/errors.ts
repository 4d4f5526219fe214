// Errors of schedule and run operations; each names the customer, never a person.

/** Thrown when an operation needs the customer's schedule and the server has none (apply has not run). */
export class CustomerScheduleMissingError extends Error {
  override readonly name = 'CustomerScheduleMissingError';
  constructor(readonly customerId: string) {
    super(`customer "${customerId}" has no schedule on the server; run \`ist-export schedules apply\` first`);
  }
}

/** Thrown when a run is asked for while one of the same customer is still running. */
export class RunAlreadyInProgressError extends Error {
  override readonly name = 'RunAlreadyInProgressError';
  constructor(
    readonly customerId: string,
    readonly workflowId: string,
  ) {
    super(`customer "${customerId}" already has a run in progress (${workflowId}); \`ist-export status ${customerId}\` shows its progress`);
  }
}

/** Thrown when approve, reject or preview finds no run of the customer waiting for approval. */
export class HeldRunNotFoundError extends Error {
  override readonly name = 'HeldRunNotFoundError';
  constructor(readonly customerId: string) {
    super(`customer "${customerId}" has no run awaiting approval`);
  }
}

/** Thrown when resume is asked for a customer the customer file marks paused (apply would pause it again). */
export class ScheduleResumeBlockedError extends Error {
  override readonly name = 'ScheduleResumeBlockedError';
  constructor(readonly customerId: string) {
    super(`customer "${customerId}" is marked paused in the customer file; set paused: false there and run \`ist-export schedules apply\``);
  }
}

/** Thrown when a triggered schedule did not start a run within the wait. */
export class ScheduleTriggerTimeoutError extends Error {
  override readonly name = 'ScheduleTriggerTimeoutError';
  constructor(readonly customerId: string) {
    super(`the schedule of "${customerId}" was triggered but no run appeared; check \`temporal schedule describe\``);
  }
}
