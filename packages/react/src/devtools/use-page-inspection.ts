'use client';
import {
  inspectPage,
  watchPage,
  type EmbedInspection,
  type SourceInspection,
} from '@zipteams/embed-core/internal';
import { useEffect, useState, useSyncExternalStore } from 'react';

/** One row of the devtools: an embed or a token source, and its action. */
export interface InspectedRow {
  readonly key: number;
  readonly view: EmbedInspection | SourceInspection;
  readonly act: () => void;
}

let version = 0;
const subscribe = (onChange: () => void) =>
  watchPage(() => {
    version++;
    onChange();
  });
const getVersion = () => version;
const serverVersion = () => -1;

const keys = new WeakMap<object, number>();
let nextKey = 1;

/**
 * Every embed and token source on the page (every copy of the kit, the element's included),
 * re-read when one changes and once a second while `live` (ages and countdowns move). Nothing on
 * the server. Internal to the devtools.
 */
export function usePageInspection(live: boolean): { rows: InspectedRow[]; now: number } {
  const seen = useSyncExternalStore(subscribe, getVersion, serverVersion);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!live) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [live]);
  if (seen < 0 || !live) return { rows: [], now };
  const rows = inspectPage().map((item) => {
    let key = keys.get(item);
    if (key === undefined) keys.set(item, (key = nextKey++));
    return { key, view: item.inspect(), act: () => item.act() };
  });
  return { rows, now };
}
