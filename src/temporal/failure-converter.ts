// Loaded by path (DataConverter.failureConverterPath): on the worker's main thread for activity failures, and
// bundled into the workflow sandbox for workflow failures, so it imports @temporalio/common only.
// With encodeCommonAttributes a failure's message and stack trace travel as a payload, which the payload codec
// encrypts; the history shows only "Encoded failure". Used only when payload encryption is on.
import { DefaultFailureConverter } from '@temporalio/common';

/** Marker the worker looks for in a prebuilt workflow bundle: it was built with this converter. */
export const ENCODED_FAILURES_MARKER = 'ist-export:encoded-failures:v1';

export const failureConverter = Object.assign(new DefaultFailureConverter({ encodeCommonAttributes: true }), { marker: ENCODED_FAILURES_MARKER });
