'use client';
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
