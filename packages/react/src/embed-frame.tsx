'use client';
import {
  DEFAULT_BASE_URL,
  EmbedStatus,
  createEmbedController,
  isReadyMessage,
  knownRefusal,
  originOf,
  type ReadySignal,
  type ZipteamsError,
} from '@zipteams/embed-core';
import {
  forwardRef,
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type CSSProperties,
} from 'react';
import { useZipteamsContext } from './context.js';
import { splitKitProps, type EmbedProps } from './embed-props.js';
import { DefaultError, DefaultLoading, type FallbackTheme } from './fallbacks.js';
import { useDashboardToken } from './use-dashboard-token.js';
import { useLatest } from './use-latest.js';
import { useServerFrame } from './use-server-frame.js';

export { EmbedStatus };
export type { EmbedProps, ReadySignal };

/** The embed's own parts, set by each page component. */
export interface EmbedPage {
  /** Builds the page URL for a token and base URL; throws InvalidArgumentError on bad ids. */
  readonly buildUrl: (token: string, baseUrl: string) => string;
  readonly defaultTitle: string;
  readonly theme: FallbackTheme;
}

/** True after `flag` has been true for `delayMs` (so a fast load never flashes a spinner). */
function useDelayedFlag(flag: boolean, delayMs: number): boolean {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (!flag) return undefined;
    const handle = setTimeout(() => setShown(true), delayMs);
    return () => {
      clearTimeout(handle);
      setShown(false);
    };
  }, [flag, delayMs]);
  return flag && shown;
}

// Layout effects do nothing on the server (and React 18 warns there).
const useClientLayoutEffect = typeof window === 'undefined' ? useEffect : useLayoutEffect;
const noSubscription = () => () => {};
const LOADING_DELAY_MS = 200;

const visibleFrame: CSSProperties = {
  position: 'absolute',
  inset: 0,
  width: '100%',
  height: '100%',
  border: 0,
};
const fallbackBox: CSSProperties = { position: 'absolute', inset: 0 };
const hiddenFrame: CSSProperties = { ...visibleFrame, visibility: 'hidden', pointerEvents: 'none' };

/**
 * The iframe part shared by every Zipteams page: a React adapter over core's
 * `createEmbedController`, which owns rotation, timeouts, failed frames and the status. This
 * component renders its frames and fallbacks and reports DOM events to it.
 */
export const EmbedFrame = forwardRef<HTMLIFrameElement | null, EmbedProps & { page: EmbedPage }>(
  function EmbedFrame({ page, ...props }, ref) {
    const [kit, div] = splitKitProps(props);
    const { defaults } = useZipteamsContext();
    const baseUrl = kit.baseUrl ?? defaults.baseUrl ?? DEFAULT_BASE_URL;
    const origin = originOf(baseUrl);
    const readySignal = kit.readySignal ?? (origin === DEFAULT_BASE_URL ? 'load' : 'message');

    // Known before any request: the real platform refuses localhost and http: pages.
    const pageOrigin = useSyncExternalStore(
      noSubscription,
      () => location.origin,
      () => '',
    );
    const refusal = useMemo(
      () => (pageOrigin ? knownRefusal(baseUrl, pageOrigin) : undefined),
      [baseUrl, pageOrigin],
    );
    const token = useDashboardToken({ ...kit, enabled: !refusal });
    const [src, urlError] = useMemo((): [string?, ZipteamsError?] => {
      try {
        return [token.token && page.buildUrl(token.token, baseUrl)];
      } catch (error) {
        return [undefined, error as ZipteamsError];
      }
    }, [token.token, page, baseUrl]);

    const buildUrl = useCallback((value: string) => page.buildUrl(value, baseUrl), [page, baseUrl]);
    const { initial, serverSnapshot } = useServerFrame(
      kit.initialToken,
      buildUrl,
      { src, data: token.data, status: token.status },
      { origin, readySignal },
    );
    const latest = useLatest(kit);
    const controller = useMemo(
      () =>
        createEmbedController({
          origin,
          readySignal,
          initial,
          loadTimeout: kit.loadTimeout,
          onStatusChange: (status) => latest.current.onStatusChange?.(status),
          onError: (error) => latest.current.onError?.(error),
          onLoad: () => latest.current.onLoad?.(),
          onTokenRefresh: (data) => latest.current.onTokenRefresh?.(data),
        }),
      [origin, readySignal, initial, kit.loadTimeout, latest],
    );
    const snapshot = useSyncExternalStore(
      controller.subscribe,
      controller.getSnapshot,
      serverSnapshot ? () => serverSnapshot : controller.getSnapshot,
    );
    const tokenUrl = kit.tokenUrl ?? defaults.tokenUrl;
    useClientLayoutEffect(() => {
      controller.update({
        src,
        token: token.data,
        tokenStatus: token.status,
        tokenError: token.error,
        error: refusal ?? urlError,
        tokenUrl,
      });
    }, [controller, src, token.data, token.status, token.error, refusal, urlError, tokenUrl]);

    const frameEls = useRef(new Map<number, HTMLIFrameElement>());
    const { active, pending, status, error } = snapshot;
    useImperativeHandle<HTMLIFrameElement | null, HTMLIFrameElement | null>(
      ref,
      () => (active && frameEls.current.get(active.id)) ?? null,
      [active],
    );

    // DOM events for the controller: ready messages from our frames' windows, focus moves.
    useEffect(() => {
      const els = frameEls.current;
      const onFocus = () => {
        const id = controller.getSnapshot().active?.id;
        const el = id === undefined ? undefined : els.get(id);
        controller.focus(el !== undefined && document.activeElement === el);
      };
      // Focus reaches the frame just after the window's blur.
      const onBlur = () => setTimeout(onFocus);
      const onMessage = (event: MessageEvent) => {
        if (origin === undefined || !isReadyMessage(event, origin)) return;
        for (const [id, el] of els) {
          if (el.contentWindow === event.source) controller.frameAnnounced(id);
        }
      };
      const targets = [
        [window, 'message', onMessage],
        [window, 'focus', onFocus],
        [window, 'blur', onBlur],
        [document, 'focusin', onFocus],
      ] as [EventTarget, string, (event: never) => void][];
      for (const [target, type, listener] of targets)
        target.addEventListener(type, listener as EventListener);
      return () => {
        for (const [target, type, listener] of targets)
          target.removeEventListener(type, listener as EventListener);
      };
    }, [controller, origin]);

    const { refresh } = token;
    const hasToken = token.token !== undefined;
    const retry = useCallback(() => {
      controller.retry();
      if (!hasToken) void refresh();
    }, [controller, hasToken, refresh]);

    const showLoading = useDelayedFlag(status === EmbedStatus.Loading, LOADING_DELAY_MS);
    const failed = (status === EmbedStatus.Error || status === EmbedStatus.Expired) && error;

    return (
      <div
        {...div}
        data-state={status}
        style={{
          position: 'relative',
          width: kit.width ?? '100%',
          height: kit.height ?? 800,
          overflow: 'hidden',
          ...div.style,
        }}
      >
        {[active, pending].map((frame) => {
          if (!frame) return null;
          const shown = frame === active && frame.ready;
          return (
            <iframe
              key={frame.id}
              ref={(el) => {
                if (el) frameEls.current.set(frame.id, el);
                else frameEls.current.delete(frame.id);
              }}
              src={frame.src}
              title={kit.title ?? page.defaultTitle}
              allow="autoplay; encrypted-media"
              allowFullScreen
              style={shown ? visibleFrame : hiddenFrame}
              aria-hidden={shown ? undefined : true}
              tabIndex={shown ? undefined : -1}
              data-zipteams-frame={frame === active ? 'active' : 'pending'}
              onLoad={() => controller.frameLoaded(frame.id)}
            />
          );
        })}
        {showLoading &&
          (kit.loadingFallback === undefined ? (
            <DefaultLoading theme={page.theme} />
          ) : (
            <div style={fallbackBox}>{kit.loadingFallback}</div>
          ))}
        {failed &&
          (kit.errorFallback ? (
            <div style={fallbackBox}>{kit.errorFallback({ error: failed, retry })}</div>
          ) : (
            <DefaultError error={failed} retry={retry} theme={page.theme} />
          ))}
      </div>
    );
  },
);
