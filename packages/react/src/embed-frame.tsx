'use client';
import {
  DEFAULT_BASE_URL,
  FrameBlockedError,
  createScheduler,
  type DashboardToken,
  type RefreshMargin,
  type ZipteamsError,
} from '@zipteams/embed-core';
import {
  forwardRef,
  useCallback,
  useEffect,
  useImperativeHandle,
  useMemo,
  useReducer,
  useRef,
  useState,
  useSyncExternalStore,
  type CSSProperties,
  type HTMLAttributes,
  type ReactNode,
} from 'react';
import { useZipteamsContext } from './context.js';
import {
  DefaultError,
  DefaultLoading,
  type ErrorFallbackProps,
  type FallbackTheme,
} from './fallbacks.js';
import {
  TokenStatus,
  useDashboardToken,
  type DashboardTokenSourceOptions,
} from './use-dashboard-token.js';
import { useLatest, useScheduler } from './use-scheduler.js';

/**
 * What an embed shows, as `data-state` on its root element: the token's status, except that a
 * blocked frame or a bad call id is an `error` and a page still loading keeps it `loading`.
 */
export const EmbedStatus = TokenStatus;

/** One of the {@link EmbedStatus} values. */
export type EmbedStatus = TokenStatus;

/** How the embed knows that a Zipteams page has loaded. */
export type ReadySignal = 'load' | 'message';

/** Props shared by {@link ZipteamsDashboard} and {@link ZipteamsCallDetails}. */
export interface EmbedProps
  extends
    DashboardTokenSourceOptions,
    Omit<HTMLAttributes<HTMLDivElement>, 'onLoad' | 'onError' | 'children' | 'title'> {
  /** Origin of the Zipteams pages. Default `https://app.zipteams.com` (or the provider's). */
  readonly baseUrl?: string;
  /** Height of the embed: a number of px or any CSS length. Default 800. */
  readonly height?: number | string;
  /** Width of the embed. Default `100%`. */
  readonly width?: number | string;
  /** Accessible title of the iframe. */
  readonly title?: string;
  /** How far ahead of the deadline to refresh the token. */
  readonly refreshMargin?: RefreshMargin;
  /** Shown while loading (after a short delay, so it never flashes). */
  readonly loadingFallback?: ReactNode;
  /** Replaces the default error UI. */
  readonly errorFallback?: (props: ErrorFallbackProps) => ReactNode;
  /** How long a page may take to signal it loaded before it counts as blocked, in ms. Default 20 s. */
  readonly loadTimeout?: number;
  /**
   * `message`: a page counts as loaded when it has posted `{ type: "zipteams:ready" }` (the mock
   * platform does) and fired `load`, so a refused frame, which still fires `load` in Chromium, is
   * detected. `load`: the iframe's `load` event alone. Default: `load` for the real platform, `message` for any other base URL.
   */
  readonly readySignal?: ReadySignal;
  /** A page has become visible (first load, and after each token rotation or view change). */
  readonly onLoad?: () => void;
  /** A failure: token request, expiry, or a blocked frame. */
  readonly onError?: (error: ZipteamsError) => void;
  /** A new token arrived (the first one included). */
  readonly onTokenRefresh?: (token: DashboardToken) => void;
  /** The status (`data-state`) changed. */
  readonly onStatusChange?: (status: EmbedStatus) => void;
}

/** The embed's own parts, set by each page component. */
export interface EmbedPage {
  /** Builds the page URL for a token and base URL; throws InvalidArgumentError on bad ids. */
  readonly buildUrl: (token: string, baseUrl: string) => string;
  readonly defaultTitle: string;
  readonly theme: FallbackTheme;
}

interface Frame {
  readonly id: number;
  readonly src: string;
  /** Local deadline of the token in `src`. */
  readonly deadline: number;
  /** The iframe fired `load`. */
  readonly loaded?: boolean;
  /** The page posted `zipteams:ready`. */
  readonly announced?: boolean;
  /** Loaded, and announced when the ready signal is `message`: fit to be shown. */
  readonly ready?: boolean;
}

interface FrameState {
  readonly target?: string | undefined;
  /** Local deadline of the token in `target`. */
  readonly targetDeadline?: number;
  readonly active?: Frame | undefined;
  readonly pending?: Frame | undefined;
  readonly blocked?: FrameBlockedError | undefined;
  readonly nextId: number;
}

type FrameAction =
  | { type: 'target'; src: string | undefined; deadline: number }
  | { type: 'signal'; id: number; signal: ReadySignal; required: ReadySignal }
  | { type: 'swap' }
  | { type: 'deadline'; id: number }
  | { type: 'timeout'; id: number; error: FrameBlockedError }
  | { type: 'retry'; deadline: number };

const initialState: FrameState = { nextId: 1 };

function framesReducer(state: FrameState, action: FrameAction): FrameState {
  const { active, pending, nextId } = state;
  /** `next` with a new frame for `src`: shown at once (`asActive`), or loading hidden. */
  const open = (next: FrameState, src: string, deadline: number, asActive?: boolean) => {
    const frame: Frame = { id: nextId, src, deadline };
    return asActive
      ? { ...next, active: frame, pending: undefined, blocked: undefined, nextId: nextId + 1 }
      : { ...next, pending: frame, nextId: nextId + 1 };
  };
  switch (action.type) {
    case 'target': {
      const { src } = action;
      const next = { ...state, target: src, targetDeadline: action.deadline };
      if (src === undefined) return { ...next, active: undefined, pending: undefined };
      // While blocked, the error stays on screen and the new URL is tried in a hidden frame.
      if (!state.blocked) {
        if (!active) return open(next, src, action.deadline, true);
        if (active.src === src) return { ...next, pending: undefined };
      }
      return pending?.src === src ? next : open(next, src, action.deadline);
    }
    case 'signal': {
      // The message alone proves the frame was not refused; waiting for `load` as well means a
      // swapped-in page has finished loading, so the view never shows a half-painted frame.
      const update = (frame: Frame): Frame => {
        const loaded = frame.loaded || action.signal === 'load';
        const announced = frame.announced || action.signal === 'message';
        return {
          ...frame,
          loaded,
          announced,
          ready: loaded && (action.required === 'load' || announced),
        };
      };
      return active?.id === action.id
        ? { ...state, active: update(active) }
        : pending?.id === action.id
          ? { ...state, pending: update(pending) }
          : state;
    }
    case 'swap':
      return pending?.ready
        ? { ...state, active: pending, pending: undefined, blocked: undefined }
        : state;
    case 'deadline': {
      // Never an expired token on screen: the successor takes over, loaded or not. When its
      // hidden try already failed, the current URL is opened again in view (loading, then ready
      // or a blocked-frame error), rather than leaving an empty box.
      if (active?.id !== action.id) return state;
      if (pending || state.target === undefined || state.target === active.src) {
        return { ...state, active: pending, pending: undefined };
      }
      return open(state, state.target, state.targetDeadline ?? 0, true);
    }
    case 'timeout':
      return active?.id === action.id && !active.ready
        ? { ...state, active: undefined, pending: undefined, blocked: action.error }
        : pending?.id === action.id && !pending.ready
          ? { ...state, pending: undefined }
          : state;
    case 'retry':
      return state.target === undefined
        ? { ...state, blocked: undefined }
        : open(state, state.target, action.deadline, true);
  }
}

/** Reports the frame `id` as blocked when it is still unready `ms` after it appeared. */
function useLoadTimeout(
  id: number | undefined,
  ms: number,
  dispatch: (action: FrameAction) => void,
): void {
  useEffect(() => {
    if (id === undefined) return undefined;
    const handle = setTimeout(
      () => dispatch({ type: 'timeout', id, error: new FrameBlockedError(ms) }),
      ms,
    );
    return () => clearTimeout(handle);
  }, [id, ms, dispatch]);
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

const LOADING_DELAY_MS = 200;
const SWAP_GUARD_MS = 1_000;
const DEFAULT_LOAD_TIMEOUT_MS = 20_000;
/** The real platform's origin (the default base URL is a bare origin). */
const REAL_ORIGIN = DEFAULT_BASE_URL;

const visibleFrame: CSSProperties = {
  position: 'absolute',
  inset: 0,
  width: '100%',
  height: '100%',
  border: 0,
};
const fallbackBox: CSSProperties = { position: 'absolute', inset: 0 };
const hiddenFrame: CSSProperties = { ...visibleFrame, visibility: 'hidden', pointerEvents: 'none' };

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

type Refusal = 'localhost' | 'an http: page' | undefined;

const noSubscription = () => () => {};

/** The real platform refuses http: and localhost parents: known before any frame loads. */
function useRefusal(baseUrl: string): FrameBlockedError | undefined {
  const refusal = useSyncExternalStore<Refusal>(
    noSubscription,
    () => {
      if (originOf(baseUrl) !== REAL_ORIGIN) return undefined;
      const { protocol, hostname } = window.location;
      if (
        ['localhost', '127.0.0.1', '[::1]'].includes(hostname) ||
        hostname.endsWith('.localhost')
      ) {
        return 'localhost';
      }
      return protocol === 'https:' ? undefined : 'an http: page';
    },
    () => undefined,
  );
  return useMemo(
    () =>
      refusal &&
      new FrameBlockedError(
        0,
        `The real Zipteams pages refuse to render on ${refusal}: ` +
          'they need an HTTPS page on a domain Zipteams has whitelisted. For local development run the ' +
          'mock platform (npx zipteams-mock) and set baseUrl to its URL.',
      ),
    [refusal],
  );
}

/** The iframe machinery shared by every Zipteams page: token, rotation without blanking, states. */
export const EmbedFrame = forwardRef<HTMLIFrameElement | null, EmbedProps & { page: EmbedPage }>(
  function EmbedFrame(props, ref) {
    // Every prop of the kit is named here so that only the div's own attributes reach `rest`.
    const {
      page,
      tokenUrl: _tokenUrl,
      tokenRequestInit: _tokenRequestInit,
      fetchToken: _fetchToken,
      tokenKey: _tokenKey,
      timeoutMs: _timeoutMs,
      retry: _retry,
      refreshMargin: _refreshMargin,
      baseUrl: baseUrlProp,
      height = 800,
      width = '100%',
      title,
      loadingFallback,
      errorFallback,
      loadTimeout = DEFAULT_LOAD_TIMEOUT_MS,
      readySignal: readySignalProp,
      onLoad: _onLoad,
      onError: _onError,
      onTokenRefresh: _onTokenRefresh,
      onStatusChange: _onStatusChange,
      style,
      ...rest
    } = props;
    const { defaults } = useZipteamsContext();
    const baseUrl = baseUrlProp ?? defaults.baseUrl ?? DEFAULT_BASE_URL;
    const origin = originOf(baseUrl);
    const readySignal: ReadySignal =
      readySignalProp ?? (origin === REAL_ORIGIN ? 'load' : 'message');

    // The hook reads only the token options among the props.
    const tokenState = useDashboardToken(props);
    const { token, data, refresh } = tokenState;
    const deadline = data?.expiresAt ?? 0;

    let src: string | undefined;
    let urlError: ZipteamsError | undefined;
    if (token) {
      try {
        src = page.buildUrl(token, baseUrl);
      } catch (error) {
        urlError = error as ZipteamsError;
      }
    }

    const [state, dispatch] = useReducer(framesReducer, initialState);
    if (state.target !== src) dispatch({ type: 'target', src, deadline });

    const refusal = useRefusal(baseUrl);

    const frameEls = useRef(new Map<number, HTMLIFrameElement>());
    const { active, pending, blocked } = state;
    useImperativeHandle<HTMLIFrameElement | null, HTMLIFrameElement | null>(
      ref,
      () => (active && frameEls.current.get(active.id)) ?? null,
      [active],
    );

    // Readiness by postMessage handshake: only from our frames' windows and the pages' origin.
    useEffect(() => {
      if (readySignal !== 'message') return undefined;
      const onMessage = (event: MessageEvent) => {
        if (
          event.origin !== origin ||
          (event.data as { type?: unknown } | null)?.type !== 'zipteams:ready'
        ) {
          return;
        }
        for (const [id, el] of frameEls.current) {
          if (el.contentWindow === event.source) {
            dispatch({ type: 'signal', id, signal: 'message', required: 'message' });
          }
        }
      };
      window.addEventListener('message', onMessage);
      return () => window.removeEventListener('message', onMessage);
    }, [readySignal, origin]);

    // A page that never signals it loaded counts as blocked. One timer per frame, started when
    // the frame appears: another frame coming or going never restarts it.
    const activeUnready = active && !active.ready ? active.id : undefined;
    const pendingUnready = pending && !pending.ready ? pending.id : undefined;
    useLoadTimeout(activeUnready, loadTimeout, dispatch);
    useLoadTimeout(pendingUnready, loadTimeout, dispatch);

    // Swap in a loaded successor, waiting while the user works in the frame, never past the deadline.
    const pendingReadyId = pending?.ready ? pending.id : undefined;
    useEffect(() => {
      if (pendingReadyId === undefined) return undefined;
      const swap = () => dispatch({ type: 'swap' });
      const activeEl = active && frameEls.current.get(active.id);
      const focusInside = () => activeEl !== undefined && document.activeElement === activeEl;
      if (!active || !focusInside()) return swap();
      const onFocusBack = () => {
        if (!focusInside()) swap();
      };
      window.addEventListener('focus', onFocusBack);
      document.addEventListener('focusin', onFocusBack);
      // A wall-clock scheduler, not a bare timer: after sleep it fires on wake, in time.
      const scheduler = createScheduler({ onDue: swap });
      scheduler.schedule(active.deadline - SWAP_GUARD_MS);
      return () => {
        window.removeEventListener('focus', onFocusBack);
        document.removeEventListener('focusin', onFocusBack);
        scheduler.dispose();
      };
    }, [pendingReadyId, active]);

    // The shown token's deadline: take it off screen even if no successor is ready (also after
    // the machine slept past it: the scheduler re-reads the clock on wake).
    useScheduler(active?.deadline, () => {
      if (active) dispatch({ type: 'deadline', id: active.id });
    });

    const tokenStatus = tokenState.status;
    const tokenFailed = tokenStatus === 'error' || tokenStatus === 'expired';
    const error = refusal ?? urlError ?? (tokenFailed ? tokenState.error : blocked);
    const status: EmbedStatus =
      refusal || urlError
        ? EmbedStatus.Error
        : tokenFailed
          ? tokenStatus
          : blocked
            ? EmbedStatus.Error
            : active?.ready
              ? pending || tokenStatus === 'refreshing'
                ? EmbedStatus.Refreshing
                : EmbedStatus.Ready
              : EmbedStatus.Loading;
    const reportedError = error ?? tokenState.error;

    const callbacks = useLatest(props);
    useEffect(() => callbacks.current.onStatusChange?.(status), [status, callbacks]);
    useEffect(() => {
      if (reportedError) callbacks.current.onError?.(reportedError);
    }, [reportedError, callbacks]);
    useEffect(() => {
      if (data) callbacks.current.onTokenRefresh?.(data);
    }, [data?.token, callbacks]); // eslint-disable-line react-hooks/exhaustive-deps -- once per new token
    const shownId = active?.ready ? active.id : undefined;
    useEffect(() => {
      if (shownId !== undefined) callbacks.current.onLoad?.();
    }, [shownId, callbacks]);

    const retry = useCallback(() => {
      if (blocked) dispatch({ type: 'retry', deadline });
      if (!token) void refresh();
    }, [blocked, deadline, refresh, token]);

    const showLoading = useDelayedFlag(status === EmbedStatus.Loading, LOADING_DELAY_MS);
    const frames = refusal || urlError ? [] : [active, pending];

    return (
      <div
        {...rest}
        data-state={status}
        style={{ position: 'relative', width, height, overflow: 'hidden', ...style }}
      >
        {frames.map((frame) => {
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
              title={title ?? page.defaultTitle}
              allow="autoplay; encrypted-media"
              allowFullScreen
              style={shown ? visibleFrame : hiddenFrame}
              aria-hidden={shown ? undefined : true}
              tabIndex={shown ? undefined : -1}
              data-zipteams-frame={frame === active ? 'active' : 'pending'}
              onLoad={() =>
                dispatch({ type: 'signal', id: frame.id, signal: 'load', required: readySignal })
              }
            />
          );
        })}
        {showLoading &&
          (loadingFallback === undefined ? (
            <DefaultLoading theme={page.theme} />
          ) : (
            <div style={fallbackBox}>{loadingFallback}</div>
          ))}
        {(status === EmbedStatus.Error || status === EmbedStatus.Expired) &&
          error &&
          (errorFallback ? (
            <div style={fallbackBox}>{errorFallback({ error, retry })}</div>
          ) : (
            <DefaultError error={error} retry={retry} theme={page.theme} />
          ))}
      </div>
    );
  },
);
