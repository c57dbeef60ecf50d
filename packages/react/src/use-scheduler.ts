'use client';
import { createScheduler } from '@zipteams/embed-core';
import { useEffect, useRef } from 'react';

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
