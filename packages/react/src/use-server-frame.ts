'use client';
import {
  createEmbedController,
  readInitialToken,
  type DashboardToken,
  type EmbedControllerOptions,
  type EmbedSnapshot,
  type InitialTokenBody,
  type ReadySignal,
  type TokenStatus,
} from '@zipteams/embed-core';
import { useMemo, useState, useSyncExternalStore } from 'react';

const noSubscription = () => () => {};

/** What the embed needs to adopt the iframe that server rendering put into the page. */
export interface ServerFrame {
  /** For `createEmbedController`: the frame already in the page, if there is one. */
  readonly initial: EmbedControllerOptions['initial'];
  /** What the server rendered, for `useSyncExternalStore` while hydrating; else undefined. */
  readonly serverSnapshot: EmbedSnapshot | undefined;
}

/**
 * Lets an embed with an `initialToken` keep the server's iframe. On the server and while
 * hydrating, the frame with that token is in the page and may already have fired `load` and
 * posted its ready message before any listener existed, so it counts as loaded and announced
 * (waiting for a missed signal would hide a frame the user is looking at). The markup rendered
 * on the server and while hydrating comes from `serverSnapshot`, which depends on the token body
 * alone (no clock), so both agree; right after hydration the real controller takes over: the
 * same frame when this browser accepted the token, none (and a fetch) when it did not.
 * Internal; not exported from the package.
 */
export function useServerFrame(
  body: InitialTokenBody | undefined,
  buildUrl: (token: string) => string,
  current: { src?: string | undefined; data?: DashboardToken; status: TokenStatus },
  options: { origin: string | undefined; readySignal: ReadySignal },
): ServerFrame {
  // True on the server and during hydration, false in any later render.
  const hydrating = useSyncExternalStore(
    noSubscription,
    () => false,
    () => true,
  );
  const [initial] = useState<ServerFrame['initial']>(() =>
    hydrating && current.src && current.data
      ? {
          src: current.src,
          token: current.data,
          tokenStatus: current.status,
          loaded: true,
          announced: true,
        }
      : undefined,
  );
  const { origin, readySignal } = options;
  const serverSnapshot = useMemo(() => {
    if (body === undefined) return undefined;
    // `now: 0` and no age: whether the server could use the token depends on the body alone.
    const read = readInitialToken(body, { now: 0, ageBoundMs: 0 });
    if (!read.ok) return undefined;
    let src: string;
    try {
      src = buildUrl(read.token.token);
    } catch {
      return undefined;
    }
    const frame = { src, token: read.token, tokenStatus: 'ready' as const };
    return createEmbedController({
      origin,
      readySignal,
      clock: { now: () => 0 },
      initial: { ...frame, loaded: true, announced: true },
    }).getSnapshot();
  }, [body, buildUrl, origin, readySignal]);
  return { initial, serverSnapshot };
}
