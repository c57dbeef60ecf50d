import { loadTabs } from './load-tabs.js';

/**
 * The page-wide registry every copy of core on a page shares (`@zipteams/element` bundles its own
 * copy beside the one `@zipteams/react` imports): the sign-out call must reach every token the page
 * holds, whichever copy holds it. It lives on `globalThis` under a `Symbol.for` key, so its shape
 * only ever grows (new fields are added with `??=`), never changes.
 */

/** Something on the page that holds tokens: a token store, React's query caches. */
export interface TokenHolder {
  /**
   * Drops every token it holds (recording each with {@link revokeToken}), and fetches again in the
   * new session where an embed is mounted.
   */
  clear(): void;
}

/**
 * An embed's session as the page registry lists it, for tools that watch every embed on the page
 * (the devtools): its status and error, live. Never a token.
 */
export interface RegisteredEmbed {
  subscribe(listener: () => void): () => void;
  getSnapshot(): { readonly status: string; readonly error?: unknown };
}

/** The registry's shape (version 1; fields are only ever added). */
export interface PageRegistry {
  readonly v: 1;
  readonly holders: Set<TokenHolder>;
  /** Every embed session that is running (added by later versions: read it with `??=`). */
  embeds?: Set<RegisteredEmbed>;
  /** Tokens dropped by the sign-out call: never taken again, e.g. as a stale `initialToken`. */
  readonly revoked: Set<string>;
  /** Whether this page listens for the sign-out call of other tabs. */
  listening?: boolean;
  /** This page's name on the channel: a page never hears its own sign-out call back. */
  page?: string;
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

/**
 * Adds a token holder to the page's registry; returns the function that removes it. In a browser
 * that shares tabs, it also loads the tab code (lazily), which listens for other tabs' sign-out.
 */
export function registerTokenHolder(holder: TokenHolder): () => void {
  const found = registry();
  found.holders.add(holder);
  if (typeof document !== 'undefined') void loadTabs();
  return () => void found.holders.delete(holder);
}

/** Lists a running embed session in the page's registry; returns the function that removes it. */
export function registerEmbed(embed: RegisteredEmbed): () => void {
  const embeds = (registry().embeds ??= new Set());
  embeds.add(embed);
  return () => void embeds.delete(embed);
}

/** The embed sessions running on the page, from every copy of the kit. */
export function pageEmbeds(): readonly RegisteredEmbed[] {
  return [...(registry().embeds ?? [])];
}

/** Records a token as dropped by the sign-out call. */
export function revokeToken(token: string): void {
  registry().revoked.add(token);
}

/** Whether the sign-out call dropped this token on this page. */
export function isRevokedToken(token: string): boolean {
  return registry().revoked.has(token);
}

/**
 * Signs every embed out of its tokens, for the user's sign-out (or an account switch without a
 * reload): drops every token of every source that this page holds (every copy of the kit on the
 * page, React's QueryClient entries included, private or yours) and that this origin's other
 * tabs hold, and deletes anything an earlier version stored. Mounted embeds go back to loading
 * and fetch a token in the new session; a dropped token is never taken again, not even as an
 * `initialToken`.
 */
export async function clearSharedTokens(): Promise<void> {
  clearPageTokens();
  const channel = openTabChannel();
  if (channel) {
    channel.postMessage({ v: 2, type: 'clear', from: pageName() });
    channel.close();
  }
  await (await loadTabs())?.forgetLegacyRecords();
}
