import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs on stdout (or `destination`). Never log personal data:
 * ids, names of operations, codes and counts only. The redaction is a second
 * line of defence for credentials and GraphQL variables passed by mistake.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'simpul' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ['authorization', '*.authorization', '*.headers.authorization', 'variables', '*.variables', 'token', '*.token'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
