'use client';
import { useState } from 'react';

/** A key for plain option objects that keeps what JSON would lose (Infinity, NaN, functions). */
function stableKey(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'number' && !Number.isFinite(item)
      ? `#${item}`
      : typeof item === 'function'
        ? `#fn:${String(item)}`
        : item,
  );
}

/**
 * The first value seen with the same content: an inline `{ … }` option object keeps its
 * identity across renders (so effects and memos do not re-run), and the original object is
 * kept, never a JSON copy.
 */
export function useStable<T>(value: T): T {
  const key = stableKey(value);
  const [held, setHeld] = useState({ key, value });
  if (held.key !== key) {
    setHeld({ key, value });
    return value;
  }
  return held.value;
}
