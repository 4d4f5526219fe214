import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure, RetryState, TerminatedFailure, TimeoutFailure, TimeoutType } from '@temporalio/common';
import { explainError } from '../../../src/cli/errors.ts';
import { ExitCode } from '../../../src/cli/exit-codes.ts';
import { namedFailure } from '../../../workflows/failure.ts';

/** A failure as the client receives it: the workflow's failure, the activity wrapper, the activity's error. */
function failedRun(type: string, message: string, workflowType = true): WorkflowFailedError {
  const activityError = ApplicationFailure.create({ type, message });
  const activity = new ActivityFailure('Activity task failed', 'fetchResourceChunk', 'x', RetryState.NON_RETRYABLE_FAILURE, 'i', activityError);
  const cause = workflowType ? ApplicationFailure.create({ type, message, cause: activity }) : activity;
  return new WorkflowFailedError('Workflow execution failed', cause, RetryState.NON_RETRYABLE_FAILURE);
}

describe('the named error of a failed run', () => {
  it('when a run failed in an activity, then the CLI prints the innermost named error, its hint and exit 6, with or without the workflow naming it', () => {
    for (const workflowType of [true, false]) {
      const explained = explainError(failedRun('IstAccessNotGrantedError', 'customer "kommun-a": IST has not opened access', workflowType));
      assert.equal(explained.line, 'IstAccessNotGrantedError: customer "kommun-a": IST has not opened access');
      assert.match(explained.hint ?? '', /grant our integration partner id access/);
      assert.equal(explained.exitCode, ExitCode.RunFailed);
    }
  });

  it('when an activity timed out after retries, then the last attempt\'s named error wins over the timeout', () => {
    // Temporal gives the timeout the last attempt's failure as its cause.
    const timeout = Object.assign(new TimeoutFailure('activity timeout', undefined, TimeoutType.SCHEDULE_TO_CLOSE), { cause: ApplicationFailure.create({ type: 'IstUnavailableError', message: 'IST unavailable: HTTP 503' }) });
    assert.deepEqual(namedFailure(new ActivityFailure('Activity task failed', 'a', 'x', RetryState.TIMEOUT, 'i', timeout)), { name: 'IstUnavailableError', message: 'IST unavailable: HTTP 503' });
  });

  it('when a run was terminated, then the name is TerminatedFailure and the message the reason', () => {
    const explained = explainError(new WorkflowFailedError('Workflow execution terminated', new TerminatedFailure('operator stopped it'), RetryState.NON_RETRYABLE_FAILURE));
    assert.equal(explained.line, 'TerminatedFailure: operator stopped it');
    assert.equal(explained.exitCode, ExitCode.RunFailed);
  });
});
