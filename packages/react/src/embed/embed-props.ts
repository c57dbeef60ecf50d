import type {
  DashboardToken,
  ReadySignal,
  RefreshMargin,
  ZipteamsError,
} from '@zipteams/embed-core';
import type { HTMLAttributes, ReactNode } from 'react';
import type { EmbedStatus } from '@zipteams/embed-core';
import type { ErrorFallbackProps } from './fallbacks.js';
import type {
  DashboardTokenSourceOptions,
  UseDashboardTokenOptions,
} from '../token/token-options.js';

/** The props of an embed that are not the token source's nor the `div`'s. */
interface EmbedOwnProps {
  /**
   * A token minted while the page was rendered on the server (the token endpoint's body, e.g.
   * `getToken` of `@zipteams/server`'s `createTokenService`). Server rendering then emits the
   * iframe with this token, so the dashboard loads while the browser parses the HTML; hydration
   * makes no token request and keeps that iframe. See `useDashboardToken`'s option.
   */
  readonly initialToken?: UseDashboardTokenOptions['initialToken'];
  /** Origin of the Zipteams pages. Default `https://app.zipteams.com` (or the provider's). */
  readonly baseUrl?: string;
  /** Height of the embed: a number of px or any CSS length. Default 800. */
  readonly height?: number | string;
  /** Width of the embed. Default `100%`. */
  readonly width?: number | string;
  /** Accessible title of the iframe. */
  readonly title?: string;
  /**
   * The page's Content-Security-Policy nonce (or the provider's `nonce`): server rendering puts
   * the embed's style in a `<style nonce>`, so a strict `style-src` draws it before hydration.
   */
  readonly nonce?: string;
  /** How far ahead of the deadline to refresh the token. */
  readonly refreshMargin?: RefreshMargin;
  /** Shown while loading (after a short delay, so it never flashes). */
  readonly loadingFallback?: ReactNode;
  /** Replaces the default error UI. */
  readonly errorFallback?: (props: ErrorFallbackProps) => ReactNode;
  /**
   * How long a page may take to signal it loaded before it counts as failed, in ms. Default 20 s.
   * A failed page is `frame_unreachable` when its host does not answer, else `frame_blocked`;
   * either is retried in a hidden frame with backoff.
   */
  readonly loadTimeout?: number;
  /**
   * `message`: a page counts as loaded when it has posted `{ type: "zipteams:ready" }` (the mock
   * platform does) and fired `load`, so a refused frame, which still fires `load` in Chromium, is
   * detected. `load`: the iframe's `load` event alone. Default: `load` for the real platform,
   * `message` for any other base URL.
   */
  readonly readySignal?: ReadySignal;
  /** A page has become visible (first load, and after each token rotation or view change). */
  readonly onLoad?: () => unknown;
  /** A failure: token request, expiry, or a blocked or unreachable frame. */
  readonly onError?: (error: ZipteamsError) => unknown;
  /** A new token arrived (the first one included). */
  readonly onTokenRefresh?: (token: DashboardToken) => unknown;
  /** The status (`data-state`) changed. Its result is ignored; a throw is reported, not fatal. */
  readonly onStatusChange?: (status: EmbedStatus) => unknown;
}

/** The attributes of the embed's root `div` that pass through. */
export type EmbedDivProps = Omit<
  HTMLAttributes<HTMLDivElement>,
  'onLoad' | 'onError' | 'children' | 'title'
>;

/** The kit's own props: the token source and {@link EmbedOwnProps}. */
export type EmbedKitProps = DashboardTokenSourceOptions & EmbedOwnProps;

/** Props shared by `ZipteamsDashboard` and `ZipteamsCallDetails`. */
export type EmbedProps = EmbedKitProps & EmbedDivProps;

/**
 * Every prop of the kit, once. The type makes a missing or unknown name a compile error, so a new
 * kit prop can never leak onto the `div` by being forgotten here.
 */
const KIT_PROPS: Record<keyof EmbedKitProps, 1> = {
  tokenUrl: 1,
  initialToken: 1,
  tokenRequestInit: 1,
  fetchToken: 1,
  tokenKey: 1,
  timeoutMs: 1,
  retry: 1,
  shareAcrossTabs: 1,
  baseUrl: 1,
  height: 1,
  width: 1,
  title: 1,
  nonce: 1,
  refreshMargin: 1,
  loadingFallback: 1,
  errorFallback: 1,
  loadTimeout: 1,
  readySignal: 1,
  onLoad: 1,
  onError: 1,
  onTokenRefresh: 1,
  onStatusChange: 1,
};

/** Splits an embed's props into the kit's and the `div`'s. */
export function splitKitProps(props: EmbedProps): [EmbedKitProps, EmbedDivProps] {
  const kit: Record<string, unknown> = {};
  const div: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(props)) {
    (KIT_PROPS[name as keyof EmbedKitProps] === 1 ? kit : div)[name] = value;
  }
  return [kit as EmbedKitProps, div as EmbedDivProps];
}
