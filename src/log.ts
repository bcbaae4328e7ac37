import pino, { type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs on stdout. Never log personal data: ids and counts only. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'simpul' }, timestamp: pino.stdTimeFunctions.isoTime });
}
