// Structured logging (pino, the logger Fastify uses). Loggers are created once and passed down;
// capabilities get a child logger scoped with `{ capability }`. Never log secret values.
import { pino } from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: undefined,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'password', 'token', 'secret', 'value', '*.password', '*.token', '*.secretValue'],
      censor: '[redacted]',
    },
  });
}
