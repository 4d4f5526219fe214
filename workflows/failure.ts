import { ApplicationFailure, TimeoutFailure } from '@temporalio/common';

/** The error an operator acts on: its class name (the failure type) and its message. */
export interface NamedFailure {
  name: string;
  message: string;
}

/**
 * The innermost named cause of a failure. Temporal wraps an activity's error (ApplicationFailure,
 * type = the error's class name) in an ActivityFailure ("Activity task failed"), a workflow failure
 * in a WorkflowFailedError, a timeout in a TimeoutFailure whose cause is the last attempt's error:
 * the wrappers say where it failed, the innermost ApplicationFailure says what went wrong. Used by
 * the workflow (the run's failure type and `runs.failure`) and by the CLI (`run --wait`, `status`),
 * so both print the same name and message. Pure: safe in workflow code.
 */
export function namedFailure(err: unknown): NamedFailure {
  let named: NamedFailure | undefined;
  let innermost: NamedFailure = { name: 'Error', message: String(err) };
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 20; e = e.cause, depth++) {
    if (e instanceof ApplicationFailure && e.type) named = { name: e.type, message: e.message };
    innermost = describe(e);
  }
  return named ?? innermost;
}

function describe(e: Error): NamedFailure {
  if (e instanceof TimeoutFailure) return { name: 'TimeoutFailure', message: `${e.message} (${String(e.timeoutType ?? 'timeout')})` };
  return { name: e.name, message: e.message };
}

/** `Name: message`, the text `runs.failure` and `status` hold. */
export function failureText(f: NamedFailure): string {
  return `${f.name}: ${f.message}`;
}
