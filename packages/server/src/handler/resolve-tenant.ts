import { InvalidTenantError, RequestAbortedError, TenantResolutionError } from '../errors.js';
import { validateTenant } from './tenant.js';
import type { Tenant } from './tenant.js';
import type { Timers } from '../config/timers.js';

export type ResolveTenant = (
  request: Request,
) => Tenant | null | undefined | Promise<Tenant | null | undefined>;

/**
 * The tenant step: runs the partner's `resolveTenant` and checks its answer. A hanging
 * `resolveTenant` (a session store that never answers) ends after `timeoutMs` with
 * `TenantResolutionError`, or with `RequestAbortedError` as soon as the client goes away.
 * Anything the partner's code throws, even from a getter of the value it returned (`then`,
 * `tenantId`), is a `TenantResolutionError`: resolveTenant is at fault, not the handler.
 *
 * @returns the pair, or null when nobody is signed in.
 */
export async function resolveTenantStep(
  request: Request,
  resolve: ResolveTenant,
  timeoutMs: number,
  timers: Timers,
): Promise<Tenant | null> {
  let resolved: unknown;
  try {
    resolved = resolve(request);
  } catch (error) {
    throw new TenantResolutionError('resolveTenant threw', { cause: error });
  }
  const then = readThen(resolved);
  if (then) resolved = await settle(resolved, then, request.signal, timeoutMs, timers);
  try {
    return validateTenant(resolved);
  } catch (error) {
    if (error instanceof InvalidTenantError) throw error;
    throw new TenantResolutionError('reading what resolveTenant returned threw', {
      cause: error,
    });
  }
}

type Then = (onFulfilled: (value: unknown) => void, onRejected: (error: unknown) => void) => void;

/** The value's `then` method when it is a thenable (a promise from any realm or library). */
function readThen(value: unknown): Then | undefined {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) {
    return undefined;
  }
  let then: unknown;
  try {
    then = (value as { then?: unknown }).then;
  } catch (error) {
    throw new TenantResolutionError('the then getter of what resolveTenant returned threw', {
      cause: error,
    });
  }
  return typeof then === 'function' ? (then as Then) : undefined;
}

function settle(
  pending: unknown,
  then: Then,
  signal: AbortSignal,
  timeoutMs: number,
  timers: Timers,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const aborted = () => new RequestAbortedError('The client went away while resolveTenant ran');
    if (signal.aborted) return reject(aborted());
    const done = () => {
      timers.clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      done();
      reject(aborted());
    };
    const timer = timers.setTimeout(() => {
      done();
      reject(new TenantResolutionError(`resolveTenant did not settle within ${timeoutMs} ms`));
    }, timeoutMs);
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      then.call(
        pending,
        (value) => {
          done();
          resolve(value);
        },
        (error) => {
          done();
          reject(new TenantResolutionError('resolveTenant rejected', { cause: error }));
        },
      );
    } catch (error) {
      done();
      reject(
        new TenantResolutionError('the then method of what resolveTenant returned threw', {
          cause: error,
        }),
      );
    }
  });
}
