/** Where the handler reports problems. `console` fits; so does a thin wrapper over pino etc. */
export interface TokenHandlerLogger {
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

export type Log = TokenHandlerLogger;

const PREFIX = '[zipteams/server]';
const REDACTED = '[redacted]';

/**
 * Wraps the partner's logger: prefixes messages, and scrubs the API key and secret out of
 * every string and error that passes through (defence in depth: the handler never puts them
 * there, but a custom fetch or cache might).
 */
export function createLogger(
  logger: TokenHandlerLogger | false | undefined,
  secrets: string[],
): Log {
  if (logger === false) return { warn: () => undefined, error: () => undefined };
  const target = logger ?? console;
  const hidden = secrets.filter((secret) => secret.length >= 4);
  const scrub = (text: string) =>
    hidden.reduce((result, secret) => result.split(secret).join(REDACTED), text);
  const clean = (value: unknown): unknown => {
    if (typeof value === 'string') return scrub(value);
    if (value instanceof Error) {
      const copy = new Error(scrub(value.message));
      copy.name = value.name;
      copy.stack = value.stack === undefined ? undefined : scrub(value.stack);
      return copy;
    }
    return value;
  };
  const emit = (level: 'warn' | 'error', message: string, details?: Record<string, unknown>) => {
    const line = `${PREFIX} ${scrub(message)}`;
    if (!details) return target[level](line);
    const cleaned = Object.fromEntries(
      Object.entries(details).map(([name, value]) => [name, clean(value)]),
    );
    target[level](line, cleaned);
  };
  return {
    warn: (message, details) => emit('warn', message, details),
    error: (message, details) => emit('error', message, details),
  };
}
