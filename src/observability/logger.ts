import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';
import { pino, type Logger as PinoLogger } from 'pino';
import { REDACT_PATHS, REDACTED } from '../log/logger.ts';

/** LOG_LEVEL values (pino's names); the worker's default is `info`, so the one line per finished run shows. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

/**
 * One JSON object per line on stdout (pino), for the log shipper. Activity lines carry workflowId, workflowRunId,
 * activityType and attempt from Temporal plus customerId and runId (activity-interceptor.ts).
 */
export function createJsonLogger(level: LogLevelName = 'info'): PinoLogger {
  // Redaction (src/log/logger.ts) is the second net behind "log ids only": personal fields and secrets never reach a line.
  return pino({ level, base: { service: 'ist-export' }, redact: { paths: REDACT_PATHS, censor: REDACTED }, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } });
}

const PINO_LEVEL: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };

/** The Temporal SDK's Logger (Runtime.install) writing through pino. */
export function temporalLogger(logger: PinoLogger): Logger {
  const log = (level: LogLevel, message: string, meta?: LogMetadata) => logger[PINO_LEVEL[level]]({ ...meta }, message);
  return {
    log,
    trace: (message, meta) => log('TRACE', message, meta),
    debug: (message, meta) => log('DEBUG', message, meta),
    info: (message, meta) => log('INFO', message, meta),
    warn: (message, meta) => log('WARN', message, meta),
    error: (message, meta) => log('ERROR', message, meta),
  };
}
