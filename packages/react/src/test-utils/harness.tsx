import { QueryClient, notifyManager } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ZipteamsProvider, type ZipteamsDefaults } from '../context.js';
import { makeJwt } from '@zipteams/test-utils';

export { makeJwt };

// TanStack Query batches its notifications on a 0 ms timer, which fake timers postpone by 1 ms when
// set during a tick; a microtask keeps the batching and lets fake time stay exact.
notifyManager.setScheduler(queueMicrotask);

/** A fresh client per test, so nothing leaks between tests. */
export function testClient(): QueryClient {
  return new QueryClient({
    defaultOptions: { queries: { refetchOnWindowFocus: false, refetchOnReconnect: false } },
  });
}

let sources = 0;

/** A token source whose answers the test scripts; each token lives `ttlSeconds`. */
export function scriptedSource(ttlSeconds = 120) {
  /** Names this source in the token cache (a `fetchToken` source needs a `tokenKey`). */
  const tokenKey = `scripted-${++sources}`;
  let issued = 0;
  const failures: unknown[] = [];
  const fetchToken = async (signal: AbortSignal) => {
    signals.push(signal);
    if (failures.length > 0) throw failures.shift();
    issued++;
    const iat = Math.floor(Date.now() / 1000);
    return {
      token: makeJwt({
        tenantId: 'acme',
        subTenantId: 'sales',
        n: issued,
        iat,
        exp: iat + ttlSeconds,
      }),
      expiresIn: ttlSeconds,
    };
  };
  const signals: AbortSignal[] = [];
  const calls = () => signals.length;
  return {
    fetchToken,
    tokenKey,
    calls,
    signals,
    /** The next requests fail with these errors, in order. */
    failNext: (...errors: unknown[]) => failures.push(...errors),
    clearFailures: () => (failures.length = 0),
  };
}

export function Wrapper({
  client,
  children,
  ...defaults
}: { client: QueryClient; children?: ReactNode } & ZipteamsDefaults) {
  return (
    <ZipteamsProvider queryClient={client} baseUrl="https://mock.zipteams.test" {...defaults}>
      {children}
    </ZipteamsProvider>
  );
}

/** The n-th claim of the token in an embed URL (unsigned test tokens carry a counter). */
export function tokenNumber(src: string | null): number {
  const token = new URL(src ?? '', 'https://x').searchParams.get('token') ?? '';
  const payload = JSON.parse(
    atob((token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/')),
  ) as { n: number };
  return payload.n;
}
