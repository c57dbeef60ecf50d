from h import *
p='core/src/timing/retry.ts'
s=rd(p)
a=s.index('/**\n * A retry policy'); 
s=s[:a]+'''export function createRetryPolicy(options: RetryOptions = {}): RetryPolicy {
  return { shouldRetry: () => false, delayMs: () => 0 };
}
export interface WithRetryOptions { readonly policy?: RetryPolicy; readonly signal?: AbortSignal; readonly timers?: Timers; readonly onRetry?: (error: unknown, failureCount: number, delayMs: number) => void; }
export function withRetry<T>(task: (signal: AbortSignal | undefined) => Promise<T>, options: WithRetryOptions = {}): Promise<T> {
  return task(options.signal);
}
'''
s=s.replace("import { AbortedError, RateLimitedError, isZipteamsError } from '../errors/errors.js';\nimport { globalTimers, type Timers } from './environment.js';","import { isZipteamsError } from '../errors/errors.js';\nimport type { Timers } from './environment.js';")
wr(p,s)
p='core/src/token/token-store.ts'
rep(p, "  const policy = createRetryPolicy({ retries: Infinity, ...options.retry });\n", "")
sub(p, r"    const promise = withRetry\(\n      \(s\) =>\n        (share \? share\.acquire\(fetchOne, \{ current: data, signal: s, margin, replaced \}\) : alone\(s\)),\n      \{\n.*?\n      \},\n    \)\n",
 r"    const promise = (share ? share.acquire(fetchOne, { current: data, signal, margin, replaced }) : alone(signal))\n")
rep(p, "import { createRetryPolicy, withRetry } from '../timing/retry.js';\n", "")
p='core/src/token/fetch-token.ts'
sub(p, r"  if \(response\.status === 429\) \{\n.*?\n  \}\n", "")
rep(p, "import { parseRetryAfter, retryAfterFromMessage } from '../protocol.js';\n", "")
rep(p, "  RateLimitedError,\n", "")
