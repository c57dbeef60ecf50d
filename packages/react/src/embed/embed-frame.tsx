'use client';
import {
  EmbedStatus,
  FALLBACK_UI,
  createEmbedSession,
  type EmbedSession,
  type EmbedSessionOptions,
  type ReadySignal,
} from '@zipteams/embed-core';
import {
  forwardRef,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useRef,
  useState,
  useSyncExternalStore,
  type CSSProperties,
} from 'react';
import { useZipteamsContext } from '../context.js';
import { splitKitProps, type EmbedProps } from './embed-props.js';
import { DefaultError, DefaultLoading, type FallbackTheme } from './fallbacks.js';
import { queryTokenCaches } from '../token/query-token-cache.js';
import { withDefaults } from '../token/query-token-store.js';

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
 * The iframe part shared by every Zipteams page: it renders core's embed session
 * (`createEmbedSession`, which owns the token, the frames, ready messages, focus, timeouts,
 * retries and the status) with `useSyncExternalStore`, and hands it its frames and their `load`.
 */
export const EmbedFrame = forwardRef<HTMLIFrameElement | null, EmbedProps & { page: EmbedPage }>(
  function EmbedFrame({ page, ...props }, ref) {
    const [kit, div] = splitKitProps(props);
    const { queryClient, defaults } = useZipteamsContext();
    // Read on the first render only, as documented.
    const [initialToken] = useState(kit.initialToken);
    const options: EmbedSessionOptions = {
      ...withDefaults(kit, defaults),
      baseUrl: kit.baseUrl ?? defaults.baseUrl,
      initialToken,
      page: page.buildUrl,
    };
    // True on the server and while hydrating: the server's frame may already be on screen.
    const hydrating = useSyncExternalStore(
      noSubscription,
      () => false,
      () => true,
    );
    const create = () =>
      createEmbedSession(options, { tokenCaches: queryTokenCaches(queryClient), hydrating });
    const [held, setHeld] = useState(() => ({ client: queryClient, session: create() }));
    let session: EmbedSession = held.session;
    if (held.client !== queryClient) {
      session = create();
      setHeld({ client: queryClient, session });
    }
    useClientLayoutEffect(() => session.update(options));
    const { active, pending, status, error } = useSyncExternalStore(
      session.subscribe,
      session.getSnapshot,
      session.getServerSnapshot,
    );

    const frameEls = useRef(new Map<number, HTMLIFrameElement>());
    useImperativeHandle<HTMLIFrameElement | null, HTMLIFrameElement | null>(
      ref,
      () => (active && frameEls.current.get(active.id)) ?? null,
      [active],
    );

    const showLoading = useDelayedFlag(status === EmbedStatus.Loading, FALLBACK_UI.delayMs);
    const failed = (status === EmbedStatus.Error || status === EmbedStatus.Expired) && error;
    const retry = () => session.retry();

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
                session.attachFrame(frame.id, el);
              }}
              src={frame.src}
              title={kit.title ?? page.defaultTitle}
              allow="autoplay; encrypted-media"
              allowFullScreen
              style={shown ? visibleFrame : hiddenFrame}
              aria-hidden={shown ? undefined : true}
              tabIndex={shown ? undefined : -1}
              data-zipteams-frame={frame === active ? 'active' : 'pending'}
              onLoad={() => session.frameLoaded(frame.id)}
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
