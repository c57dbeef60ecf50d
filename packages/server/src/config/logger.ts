import { redactTokens } from '@zipteams/embed-core/internal';

/** Where the handler reports problems. `console` fits; so does a thin wrapper over pino etc. */
export interface TokenHandlerLogger {
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

export type Log = TokenHandlerLogger;

const PREFIX = '[zipteams/server]';
const REDACTED = '[redacted]';
/** Deeper than any detail the handler logs; a deeper (or cyclic) value is cut there. */
const MAX_DEPTH = 6;

/**
 * Wraps the partner's logger: prefixes messages, and scrubs the API key, the secret and anything
 * shaped like a JWT out of the message and every detail, deeply (strings inside plain objects,
 * arrays, and errors' `name`, `message`, `stack` and `cause`). Defence in depth: the handler never
 * puts them there, but a custom fetch, cache or `resolveTenant` error might.
 */
export function createLogger(
  logger: TokenHandlerLogger | false | undefined,
  secrets: string[],
): Log {
  if (logger === false) return { warn: () => undefined, error: () => undefined };
  const target = logger ?? console;
  const scrub = scrubber(secrets);
  const emit = (level: 'warn' | 'error', message: string, details?: Record<string, unknown>) => {
    const line = `${PREFIX} ${sentence(scrub(message))}`;
    if (!details) return target[level](line);
    target[level](line, scrubDeep(details, scrub, 0) as Record<string, unknown>);
  };
  return {
    warn: (message, details) => emit('warn', message, details),
    error: (message, details) => emit('error', message, details),
  };
}

/**
 * Ends a log line with exactly one full stop. Lines quote upstream messages and errors, which
 * bring their own ending ("Try again in 60 seconds." would end in "..", a question in "?.").
 */
export function sentence(text: string): string {
  return `${text.replace(/[\s.?!…]+$/u, '')}.`;
}

/** A function replacing each secret (4 characters or more) and each JWT in a text. */
export function scrubber(secrets: string[]): (text: string) => string {
  const hidden = secrets.filter((secret) => secret.length >= 4);
  return (text) =>
    redactTokens(hidden.reduce((result, secret) => result.split(secret).join(REDACTED), text));
}

function scrubDeep(value: unknown, scrub: (text: string) => string, depth: number): unknown {
  if (typeof value === 'string') return scrub(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return '[truncated]';
  if (value instanceof Error) {
    const copy = new Error(scrub(value.message));
    copy.name = scrub(value.name);
    copy.stack = value.stack === undefined ? undefined : scrub(value.stack);
    if (value.cause !== undefined) copy.cause = scrubDeep(value.cause, scrub, depth + 1);
    return copy;
  }
  if (Array.isArray(value)) return value.map((item) => scrubDeep(item, scrub, depth + 1));
  const prototype: unknown = Object.getPrototypeOf(value);
  // Only plain objects are walked; anything else (a Date, a Buffer) becomes its scrubbed text.
  if (prototype !== Object.prototype && prototype !== null) return scrub(String(value));
  return Object.fromEntries(
    Object.entries(value).map(([name, item]) => [name, scrubDeep(item, scrub, depth + 1)]),
  );
}
