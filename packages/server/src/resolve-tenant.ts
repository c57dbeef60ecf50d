import { RequestAbortedError, TenantResolutionError } from './errors.js';
import { validateTenant } from './tenant.js';
import type { Tenant } from './tenant.js';

export type ResolveTenant = (
  request: Request,
) => Tenant | null | undefined | Promise<Tenant | null | undefined>;

/**
 * The tenant step: runs the partner's `resolveTenant` and checks its answer. A hanging
 * `resolveTenant` (a session store that never answers) ends after `timeoutMs` with
 * `TenantResolutionError`, or with `RequestAbortedError` as soon as the client goes away.
 *
 * @returns the pair, or null when nobody is signed in.
 */
export async function resolveTenantStep(
  request: Request,
  resolve: ResolveTenant,
  timeoutMs: number,
): Promise<Tenant | null> {
  let resolved: unknown;
  try {
    resolved = resolve(request);
  } catch (error) {
    throw new TenantResolutionError('resolveTenant threw', { cause: error });
  }
  if (isThenable(resolved)) resolved = await settle(resolved, request.signal, timeoutMs);
  return validateTenant(resolved);
}

function settle(
  pending: PromiseLike<unknown>,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      done();
      reject(new RequestAbortedError('The client went away while resolveTenant ran'));
    };
    const timer = setTimeout(() => {
      done();
      reject(new TenantResolutionError(`resolveTenant did not settle within ${timeoutMs} ms`));
    }, timeoutMs);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    pending.then(
      (value) => {
        done();
        resolve(value);
      },
      (error: unknown) => {
        done();
        reject(new TenantResolutionError('resolveTenant rejected', { cause: error }));
      },
    );
  });
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
