import type { ZipteamsError } from './errors/errors.js';
import type { EmbedSnapshot } from './embed/embed-session-types.js';
import type { TokenSource } from './token/fetch-token.js';
import type { TokenStoreSnapshot } from './token/token-store-types.js';

/**
 * The page-wide registry every copy of core on a page shares (`@zipteams/element` bundles its own
 * copy beside the one `@zipteams/react` imports): the sign-out call must reach every token the page
 * holds, whichever copy holds it. It lives on `globalThis` under a `Symbol.for` key, so its shape
 * only ever grows (new fields are added with `??=`), never changes.
 */

/** Something on the page that holds tokens: a token store, the QueryClients React uses. */
export interface TokenHolder {
  /**
   * Drops every token it holds (recording each with {@link revokeToken}), and fetches again in the
   * new session where an embed is mounted.
   */
  clear(): void;
}

/** The registry's shape (version 1; fields are only ever added). */
export interface PageRegistry {
  readonly v: 1;
  readonly holders: Set<TokenHolder>;
  /** Tokens dropped by the sign-out call: never taken again, e.g. as a stale `initialToken`. */
  readonly revoked: Set<string>;
  /** Whether this page listens for the sign-out call of other tabs. */
  listening?: boolean;
  /** This page's name on the channel: a page never hears its own sign-out call back. */
  page?: string;
  /** Things that happen once per page, whichever copy of the kit sees them first. */
  once?: Set<string>;
  /** Embeds and token sources listed with {@link registerInspectable}, for the devtools. */
  inspectables?: Set<Inspectable>;
  /**
   * Core's own embeds and token sources, listed as they are (see {@link listInspectable}): the
   * devtools' copy of core words them when it looks ({@link inspectPage}).
   */
  listed?: Set<Listed>;
  /** Listeners of {@link watchPage}: the devtools, when open. */
  watchers?: Set<() => void>;
  /** A {@link notifyPage} is scheduled. */
  notifying?: boolean;
}

/** What the devtools see of one embed: never a token, a URL with a token, or request headers. */
export interface EmbedInspection {
  readonly kind: 'embed';
  /** The embed's status (as `data-state`). */
  readonly status: string;
  /** The tenant/subtenant its current token's claims name. */
  readonly tenantId?: string | undefined;
  readonly subTenantId?: string | undefined;
  /** The frames: `active` on screen (or loading in view), `pending` loading hidden. */
  readonly frames: readonly {
    readonly id: number;
    readonly role: 'active' | 'pending';
    readonly ready: boolean;
    readonly timedOut: boolean;
  }[];
  /** The most recent failures, newest last (at most 5). */
  readonly errors: readonly { readonly at: number; readonly error: ZipteamsError }[];
}

/** What the devtools see of one token source. */
export interface SourceInspection {
  readonly kind: 'source';
  /** The token URL (origin and path only) or `fetchToken "<tokenKey>"`: never headers. */
  readonly source: string;
  readonly status: string;
  readonly tenantId?: string | undefined;
  readonly subTenantId?: string | undefined;
  /** Local epoch ms: when the token held was received, expires, and the next refresh is planned. */
  readonly receivedAt?: number | undefined;
  readonly expiresAt?: number | undefined;
  readonly refreshAt?: number | undefined;
  /** Tokens taken after the first. */
  readonly refreshes: number;
  /** How this tab got the token it holds. */
  readonly via?: 'fetched' | 'adopted' | 'initial' | undefined;
  readonly error?: ZipteamsError | undefined;
}

/** An embed or token source listed for the devtools, with the actions they offer. */
export interface Inspectable {
  inspect(): EmbedInspection | SourceInspection;
  /** Retry a failed frame (embeds) or fetch a new token now (sources). */
  act(): void;
}

/** How a tab got the token it holds (see {@link SourceInspection}). */
export type Via = SourceInspection['via'];

/** A listed embed or token source: its state when read, and the devtools' action. */
export type Listed =
  | {
      /** A token source: its options, snapshot, how it got its token, tokens taken, last error. */
      readonly source: () => readonly [
        { readonly source: TokenSource; readonly key: string },
        TokenStoreSnapshot,
        Via,
        number,
        ZipteamsError | undefined,
      ];
      readonly embed?: undefined;
      act(): void;
    }
  | {
      /** An embed: its snapshot and its most recent failures (newest last). */
      readonly embed: () => readonly [
        EmbedSnapshot,
        readonly { readonly at: number; readonly error: ZipteamsError }[],
      ];
      readonly source?: undefined;
      act(): void;
    };

/**
 * Lists an embed or token source for the devtools while it lives; returns the function that
 * removes it. Cheap: nothing is computed until the devtools look.
 */
export function registerInspectable(item: Inspectable): () => void {
  return list((registry().inspectables ??= new Set()), item);
}

/**
 * Lists one of core's own embeds or token sources for the devtools: its state as it is (a few
 * references, read when they look), so the words of the devtools' views (`inspection.ts`) are
 * bundled with the devtools, never with the page. Returns the function that removes it.
 */
export function listInspectable(item: Listed): () => void {
  return list((registry().listed ??= new Set()), item);
}

function list<T>(items: Set<T>, item: T): () => void {
  items.add(item);
  notifyPage();
  return () => {
    items.delete(item);
    notifyPage();
  };
}

/**
 * Tells the devtools that something on the page changed (nothing to do when none watch). They hear
 * it a microtask later, once for many changes: never while a framework is rendering the change.
 */
export function notifyPage(): void {
  const found = registry();
  if (!found.watchers?.size || found.notifying) return;
  found.notifying = true;
  queueMicrotask(() => {
    found.notifying = false;
    for (const watcher of [...(found.watchers ?? [])]) watcher();
  });
}

/** Calls `onChange` whenever an embed or source of the page changes; returns the unsubscribe. */
export function watchPage(onChange: () => void): () => void {
  const watchers = (registry().watchers ??= new Set());
  watchers.add(onChange);
  return () => void watchers.delete(onChange);
}

const REGISTRY = Symbol.for('zipteams.embed-kit.registry');

/** The BroadcastChannel that every tab of an origin uses for the kit's messages. */
export const TAB_CHANNEL_NAME = 'zipteams-embed-tabs';

interface Globals {
  [REGISTRY]?: PageRegistry;
  BroadcastChannel?: typeof BroadcastChannel;
}

const globals = () => globalThis as Globals;

/** The page's registry (made on first use). Internal: for core's own modules. */
export function pageRegistry(): PageRegistry {
  const g = globals();
  return (g[REGISTRY] ??= { v: 1, holders: new Set(), revoked: new Set() });
}
const registry = pageRegistry;

/** A channel to this origin's other tabs, where the browser has one. Internal. */
export function openTabChannel(): BroadcastChannel | undefined {
  const Channel = globals().BroadcastChannel;
  if (typeof Channel !== 'function') return undefined;
  try {
    return new Channel(TAB_CHANNEL_NAME);
  } catch {
    return undefined;
  }
}

/** This page's name on the channel. Internal. */
export function pageName(): string {
  return (registry().page ??= Math.random().toString(36).slice(2) + Date.now().toString(36));
}

/** Drops every token every holder on the page holds. Internal. */
export function clearPageTokens(): void {
  for (const holder of [...registry().holders]) holder.clear();
}

/** True the first time it is called with `what` on this page (across every copy of the kit). */
export function firstOnPage(what: string): boolean {
  const once = (registry().once ??= new Set());
  if (once.has(what)) return false;
  once.add(what);
  return true;
}

/** Records a token as dropped by the sign-out call. */
export function revokeToken(token: string): void {
  registry().revoked.add(token);
}

/** Whether the sign-out call dropped this token on this page. */
export function isRevokedToken(token: string): boolean {
  return registry().revoked.has(token);
}
