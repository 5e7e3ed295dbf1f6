import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * The structured logger of every service: JSON lines on stdout, one `service` field.
 * Personal data never goes in a log line: log permit counts and request ids, not ids
 * of people (permit numbers are hashed where a log needs to tell requests apart).
 */
export function createLogger(service: string, level: string): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.authorization', '*.authorization'], censor: '[redacted]' },
  });
}
