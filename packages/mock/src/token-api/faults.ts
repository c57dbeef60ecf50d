/**
 * A fault for the token API, applied to the next `count` token requests (all of them
 * while `sticky`). Effects run in this order: `hang`, else `latencyMs`; then `status`
 * (with `body` or the documented body), else the normal answer.
 */
export interface MockFault {
  /** Answer with this HTTP status (200-599) instead of the normal answer. */
  status?: number;
  /** How many next token requests the fault affects. Default 1; `Infinity` or `-1` means until cleared. */
  count?: number;
  /** Affect every token request until the fault is cleared (same as `count: Infinity`). */
  sticky?: boolean;
  /** Wait this many milliseconds before answering. */
  latencyMs?: number;
  /**
   * Never answer: the request waits until it is aborted (its `signal`), the faults are
   * cleared or the platform is reset (then it gets the normal answer), or the platform is
   * closed (then it rejects).
   */
  hang?: boolean;
  /** `Retry-After` header (seconds) on the forced answer. A forced 429 sends 60 without it. */
  retryAfterSeconds?: number;
  /** Raw response body (sent as JSON) replacing the documented one, e.g. to send a malformed envelope. Needs `status`. */
  body?: string;
}

/** The fault in force, as `faults.get()` and `GET /__mock/faults` report it. */
export interface ActiveFault {
  status?: number;
  latencyMs?: number;
  hang: boolean;
  retryAfterSeconds?: number;
  body?: string;
  sticky: boolean;
  /** Token requests still to affect; `null` while sticky. */
  remaining: number | null;
}

/** One token request's share of the fault in force. */
export interface AppliedFault {
  status?: number;
  latencyMs?: number;
  hang: boolean;
  retryAfterSeconds?: number;
  body?: string;
}

const FAULT_FIELDS = new Set([
  'status',
  'count',
  'sticky',
  'latencyMs',
  'hang',
  'retryAfterSeconds',
  'body',
]);

function isNonNegativeFinite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** The longest latency a fault can hold: what `setTimeout` honours (about 24.8 days). */
export const MAX_LATENCY_MS = 2 ** 31 - 1;

/** Validates a fault and resolves its defaults; throws a `TypeError` naming the bad field. */
export function normalizeFault(fault: MockFault): ActiveFault {
  const { status, count, sticky, latencyMs, hang, retryAfterSeconds, body } = fault;
  if (status !== undefined && !(Number.isInteger(status) && status >= 200 && status <= 599)) {
    throw new TypeError('fault.status must be an integer from 200 to 599');
  }
  if (
    count !== undefined &&
    count !== Infinity &&
    count !== -1 &&
    !(Number.isInteger(count) && count >= 1)
  ) {
    throw new TypeError('fault.count must be a positive integer, Infinity or -1');
  }
  if (sticky !== undefined && typeof sticky !== 'boolean') {
    throw new TypeError('fault.sticky must be a boolean');
  }
  // Above 2^31 - 1 ms `setTimeout` fires at once: the latency would be silently ignored.
  if (latencyMs !== undefined && !(isNonNegativeFinite(latencyMs) && latencyMs <= MAX_LATENCY_MS)) {
    throw new TypeError(
      `fault.latencyMs must be a number of milliseconds from 0 to ${MAX_LATENCY_MS}`,
    );
  }
  if (hang !== undefined && typeof hang !== 'boolean') {
    throw new TypeError('fault.hang must be a boolean');
  }
  if (
    retryAfterSeconds !== undefined &&
    !(Number.isInteger(retryAfterSeconds) && retryAfterSeconds >= 0)
  ) {
    throw new TypeError('fault.retryAfterSeconds must be a non-negative integer');
  }
  if (body !== undefined && typeof body !== 'string') {
    throw new TypeError('fault.body must be a string');
  }
  if (body !== undefined && status === undefined) {
    throw new TypeError('fault.body needs fault.status');
  }
  if (status === undefined && latencyMs === undefined && hang !== true) {
    throw new TypeError('a fault needs status, latencyMs or hang');
  }
  const isSticky = sticky === true || count === Infinity || count === -1;
  return {
    ...(status !== undefined && { status }),
    ...(latencyMs !== undefined && { latencyMs }),
    hang: hang === true,
    ...(retryAfterSeconds !== undefined && { retryAfterSeconds }),
    ...(body !== undefined && { body }),
    sticky: isSticky,
    remaining: isSticky ? null : (count ?? 1),
  };
}

/** Reads a fault from a parsed JSON body (`POST /__mock/faults`); throws a `TypeError` if it is not one. */
export function faultFromJson(value: unknown): MockFault {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError('the body must be a JSON object describing a fault');
  }
  for (const key of Object.keys(value)) {
    if (!FAULT_FIELDS.has(key)) throw new TypeError(`unknown fault field "${key}"`);
  }
  return value as MockFault;
}

/** Holds the fault in force and hands out one application of it per token request. */
export class FaultState {
  #active: ActiveFault | null = null;

  set(fault: MockFault): ActiveFault {
    this.#active = normalizeFault(fault);
    return { ...this.#active };
  }

  clear(): void {
    this.#active = null;
  }

  get(): ActiveFault | null {
    return this.#active === null ? null : { ...this.#active };
  }

  /** Consumes one use of the fault in force, if any. */
  take(): AppliedFault | undefined {
    const active = this.#active;
    if (active === null) return undefined;
    if (active.remaining !== null) {
      active.remaining -= 1;
      if (active.remaining <= 0) this.#active = null;
    }
    const { sticky: _sticky, remaining: _remaining, ...applied } = active;
    return applied;
  }
}
