'use client';
import {
  createScheduler,
  isTokenExpired,
  systemClock,
  type DashboardToken,
} from '@zipteams/embed-core';
import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react';

/**
 * Keeps the latest value of a prop in a ref, for use inside effects without re-running them.
 * Internal; not exported from the package.
 */
export function useLatest<T>(value: T) {
  const ref = useRef(value);
  useEffect(() => {
    ref.current = value;
  });
  return ref;
}

/**
 * Runs the latest `onDue` at the wall-clock moment `at` (local epoch ms), through core's
 * scheduler: on time after sleep or in a throttled tab, re-armed when `at` changes, disposed on
 * unmount. Internal; not exported from the package.
 */
export function useScheduler(at: number | undefined, onDue: () => void): void {
  const onDueRef = useLatest(onDue);
  useEffect(() => {
    if (at === undefined) return undefined;
    const scheduler = createScheduler({ onDue: () => onDueRef.current() });
    scheduler.schedule(at);
    return () => scheduler.dispose();
  }, [at, onDueRef]);
}

/**
 * Whether `token` has reached its local deadline, as an external store: the clock is read by the
 * store (also for a token that was already past its deadline when it arrived), and a scheduler
 * re-renders at the deadline, on time after sleep. Internal; not exported from the package.
 */
export function useExpired(token: DashboardToken | undefined): boolean {
  const at = token?.expiresAt;
  const subscribe = useCallback(
    (onChange: () => void) => {
      if (at === undefined) return () => {};
      const scheduler = createScheduler({ onDue: onChange });
      scheduler.schedule(at);
      return () => scheduler.dispose();
    },
    [at],
  );
  const read = () => token !== undefined && isTokenExpired(token, systemClock.now());
  return useSyncExternalStore(subscribe, read, read);
}
