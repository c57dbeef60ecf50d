'use client';
import {
  EmbedStatus,
  createEmbedSession,
  type EmbedSession,
  type EmbedSessionOptions,
  type ReadySignal,
} from '@zipteams/embed-core';
import { FALLBACK_UI } from '@zipteams/embed-core/internal';
import {
  forwardRef,
  useEffect,
  useId,
  useImperativeHandle,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import { useZipteamsContext } from '../context.js';
import { splitKitProps, type EmbedProps } from './embed-props.js';
import { DefaultError, DefaultLoading, type FallbackTheme } from './fallbacks.js';
import { queryTokenSlots } from '../token/query-token-slot.js';
import { withDefaults } from '../token/query-token-store.js';
import {
  EMBED_CSS,
  cssIdent,
  cssLength,
  useClientLayoutEffect,
  useEmbedStyle,
} from './embed-style.js';

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

const noSubscription = () => () => {};

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
      createEmbedSession(options, { tokenSlots: queryTokenSlots(queryClient), hydrating });
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

    // The active frame's iframe (its ref runs on every render, before the handle is read).
    const activeEl = useRef<HTMLIFrameElement | null>(null);
    useImperativeHandle<HTMLIFrameElement | null, HTMLIFrameElement | null>(
      ref,
      () => (active && activeEl.current) ?? null,
      [active],
    );

    // Styles reach the page as a sheet, never as `style` attributes in HTML, which a strict
    // Content-Security-Policy blocks: server rendering (and hydration, which must repeat it) emits
    // a `<style>` with the page's nonce; in the browser the sheet is adopted once for the page and
    // the size is set through the CSSOM (React's `style` prop), which no policy restricts.
    const id = useId();
    const nonce = kit.nonce ?? defaults.nonce;
    const box = useRef<HTMLDivElement | null>(null);
    useEmbedStyle(box, nonce);
    const width = cssLength(kit.width, '100%');
    const height = cssLength(kit.height, '800px');

    const showLoading = useDelayedFlag(status === 'loading', FALLBACK_UI.delayMs);
    const failed = (status === 'error' || status === 'expired') && error;
    const retry = () => session.retry();

    return (
      <div
        {...div}
        ref={box}
        data-zipteams-embed={id}
        data-state={status}
        style={hydrating ? div.style : { width, height, ...div.style }}
      >
        {hydrating && (
          // React 18 compares `nonce` with the attribute, which browsers hide once parsed.
          <style nonce={nonce} suppressHydrationWarning>
            {`${EMBED_CSS}[data-zipteams-embed=${cssIdent(id)}]{width:${width};height:${height}}`}
          </style>
        )}
        {[active, pending].map((frame) => {
          if (!frame) return null;
          const shown = frame === active && frame.ready;
          return (
            <iframe
              key={frame.id}
              ref={(el) => {
                if (frame === active) activeEl.current = el;
                session.attachFrame(frame.id, el);
              }}
              src={frame.src}
              title={kit.title ?? page.defaultTitle}
              allow="autoplay; encrypted-media"
              allowFullScreen
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
            <div data-zipteams-box="">{kit.loadingFallback}</div>
          ))}
        {failed &&
          (kit.errorFallback ? (
            <div data-zipteams-box="">{kit.errorFallback({ error: failed, retry })}</div>
          ) : (
            <DefaultError error={failed} retry={retry} theme={page.theme} />
          ))}
      </div>
    );
  },
);
