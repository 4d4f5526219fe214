import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';
import { pino, type DestinationStream, type Logger as Pino } from 'pino';

// Our logs carry ids and counts; this is the second net for the day a personal field or a secret slips into a
// log call anyway. pino's `redact` replaces these paths (top level and nested up to three levels) before a line is
// written. Field names are those of SS 12000 and of our model (src/model/entities.ts) and our secrets.

const PERSONAL = ['givenName', 'familyName', 'displayName', 'email', 'emails', 'civicNo', 'civicNumber', 'birthDate', 'addresses', 'phoneNumbers', 'records', 'content'];
const SECRETS = ['clientSecret', 'client_secret', 'password', 'apiKey', 'token', 'access_token', 'authorization', 'PAYLOAD_CODEC_KEYS', 'CIVICNO_KEY', 'CODEC_SERVER_TOKEN', 'TEMPORAL_API_KEY'];

export const REDACT_PATHS: string[] = [...PERSONAL, ...SECRETS].flatMap((field) => [field, `*.${field}`, `*.*.${field}`, `*.*.*.${field}`]);
export const REDACTED = '[redacted]';

/** JSON lines on stderr by default (stdout stays for what scripts read, e.g. `worker ready`). */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'warn', destination: DestinationStream = pino.destination(2)): Pino {
  return pino({ level, base: { service: 'ist-export' }, redact: { paths: REDACT_PATHS, censor: REDACTED } }, destination);
}

const PINO_LEVEL: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };

/** Temporal's runtime logger (workflow `log`, activity `log`, SDK messages) written through pino with redaction. */
export class RedactingTemporalLogger implements Logger {
  constructor(private readonly pino: Pino) {}
  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    this.pino[PINO_LEVEL[level]]({ ...meta }, message);
  }
  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}
